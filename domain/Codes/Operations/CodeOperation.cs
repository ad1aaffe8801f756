using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes.Operations;

public enum CodeOperationStatus
{
    Running,
    Completed,
}

/// <summary>
/// Chosen codes leaving <see cref="SourceDiscountId"/> for a new discount with new dates. Recorded before Shopify
/// is touched; <see cref="NewDiscountId"/> is recorded as soon as the discount exists, before codes are added to it,
/// so a retry adds to that discount instead of creating a second one.
/// </summary>
public sealed record DiscountMove(string SourceDiscountId, MemberId FirstMember, string? NewDiscountId = null);

/// <summary>
/// One bulk code operation under one Idempotency-Key: the state a retry resumes from. Each member's progress
/// is a <see cref="CodeOperationStep"/>; a lease keeps two deliveries of the same request from running at once.
/// </summary>
public sealed record CodeOperation(
    string Id,
    BrandId BrandId,
    OfferId OfferId,
    CodeOperationAction Action,
    CodeOperationStatus Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DiscountMove> Moves,
    string? LeaseHolder = null,
    DateTimeOffset? LeaseUntil = null,
    DateTimeOffset? CompletedAt = null)
{
    public static CodeOperation Start(string id, BrandId brand, OfferId offer, CodeOperationAction action, DateTimeOffset now) =>
        new(id, brand, offer, action, CodeOperationStatus.Running, now, []);

    /// <summary>Whether <paramref name="holder"/> may run the operation now: nobody else holds an unexpired lease.</summary>
    public bool CanLease(string holder, DateTimeOffset now) =>
        Status == CodeOperationStatus.Running && (LeaseHolder is null || LeaseHolder == holder || LeaseUntil <= now);

    public CodeOperation Leased(string holder, DateTimeOffset now, TimeSpan duration) => this with { LeaseHolder = holder, LeaseUntil = now + duration };

    public CodeOperation Released(string holder) => LeaseHolder == holder ? this with { LeaseHolder = null, LeaseUntil = null } : this;

    public CodeOperation Completed(DateTimeOffset now) =>
        Status == CodeOperationStatus.Completed ? this : this with { Status = CodeOperationStatus.Completed, CompletedAt = now, LeaseHolder = null, LeaseUntil = null };

    public DiscountMove? MoveFrom(string discountId) => Moves.FirstOrDefault(m => m.SourceDiscountId == discountId);

    /// <summary>The move whose new discount is <paramref name="discountId"/>, for codes that already arrived there.</summary>
    public DiscountMove? MoveTo(string discountId) => Moves.FirstOrDefault(m => m.NewDiscountId == discountId);

    /// <summary>Records a move once; a retry keeps the first member and any new discount already recorded.</summary>
    public CodeOperation WithMove(DiscountMove move) => MoveFrom(move.SourceDiscountId) is null ? this with { Moves = [.. Moves, move] } : this;

    public CodeOperation WithNewDiscount(string sourceDiscountId, string newDiscountId) =>
        MoveFrom(sourceDiscountId) is { NewDiscountId: null } move
            ? this with { Moves = Moves.Select(m => m == move ? m with { NewDiscountId = newDiscountId } : m).ToArray() }
            : this;
}

public enum StepOutcome
{
    Pending,
    Ok,
    Failed,
}

/// <summary>
/// One member's part of an operation. <see cref="FromCode"/> is the code when the operation first ran, so a
/// retry after the code row already changed still knows which code to clean up.
/// </summary>
public sealed record CodeOperationStep(MemberId MemberId, StepOutcome Outcome, string FromCode, string? ToCode = null, string? Reason = null)
{
    public bool IsDone => Outcome != StepOutcome.Pending;

    public CodeOperationStep Succeeded() => this with { Outcome = StepOutcome.Ok, Reason = null };

    public CodeOperationStep Failed(string reason) => this with { Outcome = StepOutcome.Failed, Reason = reason };
}
