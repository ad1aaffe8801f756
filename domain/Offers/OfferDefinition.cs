using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Offers;

public enum PayoutType
{
    /// <summary>A flat amount per order ("CPA").</summary>
    Cpa,

    /// <summary>A percent of the sale ("CPS").</summary>
    Cps,

    /// <summary>Both ("CPA_CPS").</summary>
    CpaCps,
}

public enum DiscountType
{
    Percentage,
    FixedAmount,
}

public enum PurchaseType
{
    OneTime,
    Subscription,
    Both,
}

/// <summary>A validated payout option. <see cref="FlatAmount"/> is set for CPA and CPA_CPS, <see cref="Percent"/> for CPS and CPA_CPS.</summary>
public sealed record PayoutOption(string Label, PayoutType Type, Money? FlatAmount, decimal? Percent, bool IsDefault)
{
    /// <summary>The option a request names by its label (in any case), or null.</summary>
    public static PayoutOption? Find(IEnumerable<PayoutOption>? options, string? label) =>
        label is null ? null : options?.FirstOrDefault(p => string.Equals(p.Label, label, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A validated discount. <see cref="Value"/> is the percent (10 = 10 %) or the amount in <see cref="Currency"/>.</summary>
public sealed record Discount(DiscountType Type, decimal Value, string Currency, bool AppliesOnEachItem)
{
    /// <summary>The fraction Shopify expects for a percentage (10 % → 0.1).</summary>
    public decimal ShopifyPercentage => Type == DiscountType.Percentage ? Value / 100m : throw new InvalidOperationException("Not a percentage discount.");

    public Money? Amount => Type == DiscountType.FixedAmount ? new Money(Value, Currency) : null;

    /// <summary>What <c>{DISCOUNT}</c> becomes in a code: "10", or "125" for 12.5.</summary>
    public string CodeToken => CodeText.Digits(Value);

    /// <summary>Text for emails, e.g. "10% off" or "$15 off".</summary>
    public string Describe() => DiscountText.Describe(this);
}

public sealed record CombinesWith(bool OrderDiscounts, bool ProductDiscounts, bool ShippingDiscounts)
{
    public static CombinesWith None { get; } = new(false, false, false);
}

/// <summary>
/// Validated purchase restrictions. At most one of <see cref="MinimumSubtotal"/> and <see cref="MinimumQuantity"/>,
/// and at most one of the entitled lists is non-empty; both empty means the whole order.
/// </summary>
public sealed record PurchaseRestrictions(
    Money? MinimumSubtotal,
    int? MinimumQuantity,
    IReadOnlyList<string> EntitledCollectionIds,
    IReadOnlyList<string> EntitledProductIds,
    PurchaseType PurchaseType,
    CombinesWith CombinesWith,
    bool OncePerCustomer)
{
    public static PurchaseRestrictions None { get; } = new(null, null, [], [], PurchaseType.OneTime, CombinesWith.None, false);
}

/// <summary>An offer's validated, immutable settings.</summary>
public sealed record OfferDefinition(
    string Name,
    string? Description,
    IReadOnlyList<PayoutOption> PayoutOptions,
    string GroupName,
    NamingStrategy NamingStrategy,
    Discount Discount,
    PurchaseRestrictions Restrictions,
    int? UsageLimitPerCode,
    int HoldingPeriodDays)
{
    /// <summary>The key storage keeps unique per brand.</summary>
    public string NameKey => OfferName.UniquenessKey(Name);

    public PayoutOption DefaultPayoutOption => PayoutOptions.Single(p => p.IsDefault);

    /// <summary>Project stages whose members get a code in the offer when they enter them.</summary>
    public IReadOnlyList<StageTrigger> StageTriggers { get; init; } = [];

    public MemberNotifications Notifications { get; init; } = MemberNotifications.None;

    /// <summary>What the percent-of-sale commission of this offer's conversions is a percent of.</summary>
    public Sales.CommissionBaseRules CommissionBase { get; init; } = Sales.CommissionBaseRules.Default;
}

public static class OfferName
{
    /// <summary>"  Summer Sale " and "summer sale" are the same offer name.</summary>
    public static string UniquenessKey(string name) => name.Trim().ToUpperInvariant();
}
