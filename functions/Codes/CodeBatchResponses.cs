using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Functions.Codes;

public sealed record CodeBatchResponse(
    string Id,
    string OfferId,
    CodeBatchStatus Status,
    int Total,
    int Reserved,
    int Created,
    int Failed,
    int Percent,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    bool SendEmails,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? ShopifyDiscountId,
    string? FailureReason,
    DateTimeOffset? ScheduledFor = null,
    string? PayoutOption = null)
{
    public static CodeBatchResponse From(CodeBatch b) =>
        new(b.Id.Value, b.OfferId.Value, b.Status, b.Total, b.Reserved, b.Created, b.Failed, b.Percent, b.StartsAt, b.EndsAt, b.SendEmails, b.CreatedAt, b.CompletedAt, b.ShopifyDiscountId, b.FailureReason, b.ScheduledFor, b.PayoutOptionLabel);
}

/// <summary>
/// A new or replayed generation. <see cref="Skipped"/> is kept for clients that read it and is empty: members who cannot
/// get a code are found by the orchestration's planning and reported as failed items of the batch.
/// </summary>
public sealed record CodeBatchAcceptedResponse(CodeBatchResponse Batch, IReadOnlyList<PlannedMemberResponse> Skipped);

public sealed record CodeBatchDetailResponse(CodeBatchResponse Batch, IReadOnlyList<BatchItemResponse> Items, string? ContinuationToken);

/// <param name="FailureReason">Why the member got no code, for people.</param>
/// <param name="FailureKind">The same as a value a program can act on; absent unless the item failed.</param>
public sealed record BatchItemResponse(string MemberId, BatchItemState State, string? Code, string? PlannedCode, bool IsOverride, string? FailureReason, CodeFailureKind? FailureKind)
{
    public static BatchItemResponse From(BatchItem i) => new(i.MemberId.Value, i.State, i.Code, i.PlannedCode, i.IsOverride, i.FailureReason, i.FailureKind);
}

public sealed record PlannedMemberResponse(string MemberId, string Name, string? Code, string? ProposedCode, bool IsOverride, bool Valid, CodeConflict Conflict, string? Reason)
{
    public static PlannedMemberResponse From(PlannedMember p) =>
        new(p.Member.Id.Value, p.Member.Profile.Name, p.Code, p.ProposedCode, p.IsOverride, p.IsValid, p.Conflict, p.Reason);
}

public sealed record CodeBatchPreviewResponse(string OfferId, int Total, int Valid, int Invalid, IReadOnlyList<PlannedMemberResponse> Members);

public sealed record PromoCodeResponse(
    string MemberId,
    string Code,
    PromoCodeStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string BatchId,
    string? ShopifyDiscountId,
    string? FailureReason,
    DateTimeOffset UpdatedAt,
    string? PayoutOption = null)
{
    public static PromoCodeResponse From(PromoCode c) =>
        new(c.MemberId.Value, c.Code, c.Status, c.StartsAt, c.EndsAt, c.BatchId.Value, c.ShopifyDiscountId, c.FailureReason, c.UpdatedAt, c.PayoutOptionLabel);
}
