using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Offers;

// What a client sends to create or replace an offer. Every member is nullable: the validator reports
// what is missing instead of the JSON reader failing on the first gap.

/// <summary>Body of <c>POST /offers</c> and <c>PUT /offers/{id}</c>.</summary>
public sealed record OfferDraft
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<PayoutOptionDraft?>? PayoutOptions { get; init; }

    /// <summary>Becomes the discount's title in Shopify.</summary>
    public string? GroupName { get; init; }

    /// <summary>Optional; the firstNameDiscount preset when absent.</summary>
    public NamingStrategyDraft? NamingStrategy { get; init; }

    public DiscountDraft? Discount { get; init; }

    /// <summary>Optional; no restrictions when absent.</summary>
    public RestrictionsDraft? Restrictions { get; init; }

    /// <summary>Uses allowed per member code; null means unlimited.</summary>
    public int? UsageLimitPerCode { get; init; }

    /// <summary>Days before a conversion becomes payable; 30 when absent.</summary>
    public int? HoldingPeriodDays { get; init; }

    /// <summary>Optional: members entering these project stages get a code without anyone generating it.</summary>
    public IReadOnlyList<StageTriggerDraft?>? StageTriggers { get; init; }

    /// <summary>Optional: which code changes members are emailed about.</summary>
    public MemberNotificationsDraft? Notifications { get; init; }

    /// <summary>Optional: what the percent-of-sale commission is a percent of; the subtotal after discounts when absent.</summary>
    public CommissionBaseDraft? CommissionBase { get; init; }
}

/// <summary>What counts towards the commission base. Every member is optional; absent means the default.</summary>
public sealed record CommissionBaseDraft
{
    /// <summary>Add the order's shipping to the base (default false).</summary>
    public bool? IncludeShipping { get; init; }

    /// <summary>Add the order's taxes to the base (default false).</summary>
    public bool? IncludeTaxes { get; init; }

    /// <summary>Lines of these products do not count: Shopify product GIDs (<c>gid://shopify/Product/123</c>) or numeric ids, at most 250.</summary>
    public IReadOnlyList<string?>? ExcludedProductIds { get; init; }

    /// <summary>Lines of products in these collections do not count: Shopify collection GIDs or numeric ids, at most 250.</summary>
    public IReadOnlyList<string?>? ExcludedCollectionIds { get; init; }
}

public sealed record PayoutOptionDraft
{
    public string? Label { get; init; }

    /// <summary><c>CPA</c>, <c>CPS</c> or <c>CPA_CPS</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Flat commission per order in shop currency (CPA, CPA_CPS).</summary>
    public decimal? FlatAmount { get; init; }

    /// <summary>Commission as a percent of the sale, 0 &lt; p ≤ 100 (CPS, CPA_CPS).</summary>
    public decimal? Percent { get; init; }

    public bool? IsDefault { get; init; }
}

public sealed record DiscountDraft
{
    /// <summary><c>percentage</c> or <c>fixedAmount</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Percent off (1-100, up to 2 decimals) or amount off in shop currency (&gt; 0, up to 2 decimals).</summary>
    public decimal? Value { get; init; }

    /// <summary>Fixed amounts only: take the amount off each eligible item instead of once per order.</summary>
    public bool? AppliesOnEachItem { get; init; }
}

public sealed record RestrictionsDraft
{
    public decimal? MinimumSubtotal { get; init; }

    public int? MinimumQuantity { get; init; }

    /// <summary>Shopify collection GIDs, e.g. <c>gid://shopify/Collection/123</c>.</summary>
    public IReadOnlyList<string?>? EntitledCollectionIds { get; init; }

    /// <summary>Shopify product GIDs, e.g. <c>gid://shopify/Product/123</c>.</summary>
    public IReadOnlyList<string?>? EntitledProductIds { get; init; }

    /// <summary><c>oneTime</c> (default), <c>subscription</c> or <c>both</c>.</summary>
    public string? PurchaseType { get; init; }

    public CombinesWithDraft? CombinesWith { get; init; }

    public bool? OncePerCustomer { get; init; }
}

public sealed record CombinesWithDraft
{
    public bool? OrderDiscounts { get; init; }

    public bool? ProductDiscounts { get; init; }

    public bool? ShippingDiscounts { get; init; }
}
