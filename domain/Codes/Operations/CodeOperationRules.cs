using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes.Operations;

/// <summary>A listed member the operation cannot touch at all; the whole request is refused.</summary>
public sealed record MemberWithoutCode(MemberId MemberId, string Reason);

/// <summary>Which members' codes an operation may change, decided before anything is written.</summary>
public static class CodeOperationRules
{
    /// <summary>
    /// Members without a code that exists in Shopify (none, still being generated, or failed). The whole
    /// request is refused for them because no per-member step could mean anything.
    /// </summary>
    public static IReadOnlyList<MemberWithoutCode> WithoutCode(IReadOnlyList<MemberId> members, IReadOnlyDictionary<MemberId, PromoCode> codes) =>
        members
            .Select(m => codes.TryGetValue(m, out var code) ? (m, Reason: MissingReason(code)) : (m, Reason: "The member has no code in this offer."))
            .Where(x => x.Reason is not null)
            .Select(x => new MemberWithoutCode(x.m, x.Reason!))
            .ToArray();

    /// <summary>Why this member's step must fail, or null when it may run. Decided from the code as stored.</summary>
    public static string? Refusal(CodeOperationAction action, PromoCode code) => (action, code.Status) switch
    {
        (CodeOperationAction.Rename, PromoCodeStatus.Deactivated) => "The code is deactivated; reactivate it before renaming it.",
        (CodeOperationAction.ChangeDates, PromoCodeStatus.Deactivated) => "The code is deactivated; reactivate it before changing its dates.",
        _ => null,
    };

    /// <summary>
    /// Each listed member's step as first recorded, in request order: a member the action cannot apply to fails
    /// here, before anything changes.
    /// </summary>
    public static IReadOnlyList<CodeOperationStep> FirstSteps(CodeOperationCommand command, IReadOnlyDictionary<MemberId, PromoCode> codes) =>
        command.MemberIds.Select((member, position) => FirstStep(command, position, member, codes.GetValueOrDefault(member))).ToArray();

    private static CodeOperationStep FirstStep(CodeOperationCommand command, int position, MemberId member, PromoCode? code)
    {
        if (code is null)
        {
            return new CodeOperationStep(member, position, StepOutcome.Failed, string.Empty, Reason: "The member has no code in this offer.");
        }

        var step = new CodeOperationStep(member, position, StepOutcome.Pending, code.Code, command.NewCodes.GetValueOrDefault(member));
        return Refusal(command.Action, code) is { } reason ? step.Failed(reason) : step;
    }

    /// <summary>Whether the code's row says it is (or should be) a redeem code of its Shopify discount.</summary>
    public static bool IsInShopify(PromoCode code) =>
        code.ShopifyDiscountId is not null && code.Status is PromoCodeStatus.Active or PromoCodeStatus.Scheduled or PromoCodeStatus.Expired;

    /// <summary>The code after a successful date change: new dates, status from them.</summary>
    public static PromoCode WithDates(PromoCode code, DateTimeOffset startsAt, DateTimeOffset? endsAt, string discountId, DateTimeOffset now) =>
        code with
        {
            StartsAt = startsAt,
            EndsAt = endsAt,
            ShopifyDiscountId = discountId,
            Status = PromoCode.StatusByDate(startsAt, endsAt, now),
            UpdatedAt = now,
        };

    private static string? MissingReason(PromoCode code) => code.Status switch
    {
        PromoCodeStatus.Pending => "The member's code is still being generated.",
        PromoCodeStatus.Failed => "The member's code failed to generate; it has no code in Shopify.",
        _ when code.ShopifyDiscountId is null => "The member's code has no Shopify discount.",
        _ => null,
    };
}
