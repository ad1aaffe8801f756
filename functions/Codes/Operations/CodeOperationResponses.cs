using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>One member's outcome and the member's code as it is after the operation.</summary>
public sealed record MemberOperationResult(string MemberId, StepOutcome Outcome, string? Reason, PromoCodeResponse? Code);

public sealed record CodeOperationResponse(string OperationId, CodeOperationAction Action, int Succeeded, int Failed, IReadOnlyList<MemberOperationResult> Results)
{
    public static CodeOperationResponse From(CodeOperation operation, IReadOnlyList<CodeOperationStep> steps, IReadOnlyDictionary<MemberId, PromoCode> codes)
    {
        var results = steps
            .Select(s => new MemberOperationResult(s.MemberId.Value, s.Outcome, s.Reason, codes.TryGetValue(s.MemberId, out var c) ? PromoCodeResponse.From(c) : null))
            .ToArray();
        return new(operation.Id, operation.Action, results.Count(r => r.Outcome == StepOutcome.Ok), results.Count(r => r.Outcome == StepOutcome.Failed), results);
    }
}

/// <summary>A member listed in the request who has no code the operation could change.</summary>
public sealed record MemberWithoutCodeResponse(string MemberId, string Reason);
