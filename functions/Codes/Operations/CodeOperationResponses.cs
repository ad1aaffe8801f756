using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>One member's outcome and the member's code as it is now.</summary>
public sealed record MemberOperationResult(string MemberId, StepOutcome Outcome, string? Reason, PromoCodeResponse? Code);

/// <summary>
/// A bulk code operation's status resource: counts from the operation row, and one page of per-member results in
/// request order (absent in the 202 answer). <see cref="FailureReason"/> says why a failed operation stopped.
/// </summary>
public sealed record CodeOperationResponse(
    string OperationId,
    string OfferId,
    CodeOperationAction Action,
    CodeOperationStatus Status,
    int Total,
    int Succeeded,
    int Failed,
    int Pending,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? FailureReason,
    PagedResponse<MemberOperationResult>? Results = null)
{
    public static CodeOperationResponse From(CodeOperation operation, PagedResponse<MemberOperationResult>? results = null)
    {
        var totals = operation.Totals;
        return new(
            operation.Id, operation.OfferId.Value, operation.Action, operation.Status, operation.MemberCount, totals.Succeeded, totals.Failed, totals.Pending,
            operation.CreatedAt, operation.CompletedAt, operation.FailureReason, results);
    }

    public static MemberOperationResult Result(CodeOperationStep step, PromoCode? code) =>
        new(step.MemberId.Value, step.Outcome, step.Reason, code is null ? null : PromoCodeResponse.From(code));
}

/// <summary>A member listed in the request who has no code the operation could change.</summary>
public sealed record MemberWithoutCodeResponse(string MemberId, string Reason);
