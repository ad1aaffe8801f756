using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Functions.Offers;

/// <summary>An offer as the API shows it. Money is a number with its currency; payout types are CPA, CPS or CPA_CPS.</summary>
public sealed record OfferResponse(
    string Id,
    string Name,
    string? Description,
    OfferStatus Status,
    bool AcceptsNewCodes,
    IReadOnlyList<PayoutOptionResponse> PayoutOptions,
    string GroupName,
    NamingStrategyResponse NamingStrategy,
    DiscountResponse Discount,
    RestrictionsResponse Restrictions,
    int? UsageLimitPerCode,
    int HoldingPeriodDays,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StageTriggerResponse> StageTriggers,
    MemberNotificationsResponse Notifications,
    CommissionBaseResponse CommissionBase)
{
    public static OfferResponse From(Offer offer)
    {
        var d = offer.Definition;
        return new OfferResponse(
            offer.Id.Value,
            d.Name,
            d.Description,
            offer.Status,
            offer.AcceptsNewCodes,
            d.PayoutOptions.Select(PayoutOptionResponse.From).ToArray(),
            d.GroupName,
            NamingStrategyResponse.From(d.NamingStrategy),
            DiscountResponse.From(d.Discount),
            RestrictionsResponse.From(d.Restrictions),
            d.UsageLimitPerCode,
            d.HoldingPeriodDays,
            offer.CreatedAt,
            offer.UpdatedAt,
            d.StageTriggers.Select(StageTriggerResponse.From).ToArray(),
            MemberNotificationsResponse.From(d.Notifications),
            CommissionBaseResponse.From(d.CommissionBase));
    }
}

/// <summary>What the percent-of-sale commission is a percent of: the subtotal after discounts, plus shipping and taxes when included, less the excluded products' and collections' lines.</summary>
/// <param name="ExcludedProductIds">Shopify product GIDs.</param>
/// <param name="ExcludedCollectionIds">Shopify collection GIDs.</param>
public sealed record CommissionBaseResponse(bool IncludeShipping, bool IncludeTaxes, IReadOnlyList<string> ExcludedProductIds, IReadOnlyList<string> ExcludedCollectionIds)
{
    public static CommissionBaseResponse From(Domain.Sales.CommissionBaseRules r) =>
        new(r.IncludeShipping, r.IncludeTaxes, r.ExcludedProductIds?.ToArray() ?? [], r.ExcludedCollectionIds?.ToArray() ?? []);
}

/// <summary>Members of the project who enter the stage get a code starting then, ending after the days or at the date given.</summary>
public sealed record StageTriggerResponse(string ProjectId, WorkflowStage Stage, string PayoutOption, int? EndAfterDays, DateTimeOffset? EndsAt, bool SendEmail)
{
    public static StageTriggerResponse From(StageTrigger t) => new(t.ProjectId.Value, t.Stage, t.PayoutOptionLabel, t.EndAfterDays, t.EndsAt, t.SendEmail);
}

public sealed record MemberNotificationsResponse(bool CodeRenamed, bool CodeDeactivated, bool CodeReactivated, bool CodeDatesChanged)
{
    public static MemberNotificationsResponse From(MemberNotifications n) => new(n.CodeRenamed, n.CodeDeactivated, n.CodeReactivated, n.CodeDatesChanged);
}

public sealed record MoneyResponse(decimal Amount, string Currency)
{
    public static MoneyResponse? From(Money? money) => money is { } m ? new MoneyResponse(m.Amount, m.Currency) : null;
}

/// <param name="Type">CPA, CPS or CPA_CPS.</param>
public sealed record PayoutOptionResponse(string Label, string Type, MoneyResponse? FlatAmount, decimal? Percent, bool IsDefault)
{
    public static PayoutOptionResponse From(PayoutOption o) => new(o.Label, WireName(o.Type), MoneyResponse.From(o.FlatAmount), o.Percent, o.IsDefault);

    public static string WireName(PayoutType type) => type switch
    {
        PayoutType.Cpa => "CPA",
        PayoutType.Cps => "CPS",
        _ => "CPA_CPS",
    };
}

public sealed record NamingStrategyResponse(string Pattern, string? Preset, CollisionPolicy CollisionPolicy, int MaxAttempts, int MaxLength)
{
    public static NamingStrategyResponse From(NamingStrategy s) => new(s.Pattern.Text, s.Preset, s.CollisionPolicy, s.MaxAttempts, s.MaxLength);
}

/// <param name="Value">Percent off (10 = 10 %) or the amount off in <paramref name="Currency"/>.</param>
/// <param name="Text">For people: "10% off", "$15 off".</param>
public sealed record DiscountResponse(DiscountType Type, decimal Value, string Currency, bool AppliesOnEachItem, string Text)
{
    public static DiscountResponse From(Discount d) => new(d.Type, d.Value, d.Currency, d.AppliesOnEachItem, d.Describe());
}

public sealed record CombinesWithResponse(bool OrderDiscounts, bool ProductDiscounts, bool ShippingDiscounts);

public sealed record RestrictionsResponse(
    MoneyResponse? MinimumSubtotal,
    int? MinimumQuantity,
    IReadOnlyList<string> EntitledCollectionIds,
    IReadOnlyList<string> EntitledProductIds,
    PurchaseType PurchaseType,
    CombinesWithResponse CombinesWith,
    bool OncePerCustomer)
{
    public static RestrictionsResponse From(PurchaseRestrictions r) => new(
        MoneyResponse.From(r.MinimumSubtotal),
        r.MinimumQuantity,
        r.EntitledCollectionIds,
        r.EntitledProductIds,
        r.PurchaseType,
        new CombinesWithResponse(r.CombinesWith.OrderDiscounts, r.CombinesWith.ProductDiscounts, r.CombinesWith.ShippingDiscounts),
        r.OncePerCustomer);
}
