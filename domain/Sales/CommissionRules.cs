using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Sales;

/// <summary>
/// What an offer counts as the sale a commission is a percent of. By default the subtotal after discounts,
/// without shipping and taxes; an offer may add them, or leave products or collections out.
/// </summary>
public sealed record CommissionBaseRules(
    bool IncludeShipping = false,
    bool IncludeTaxes = false,
    IReadOnlyCollection<string>? ExcludedProductIds = null,
    IReadOnlyCollection<string>? ExcludedCollectionIds = null)
{
    public static CommissionBaseRules Default { get; } = new();

    /// <summary>Whether the rules leave collections out: only then must an order's lines be told their collections.</summary>
    public bool ExcludesCollections => ExcludedCollectionIds is { Count: > 0 };

    /// <summary>
    /// Whether <paramref name="line"/> is left out of the base. The rules hold GIDs; a line's ids may be numeric, as
    /// REST webhooks carry them, and are compared as GIDs.
    /// </summary>
    public bool Excludes(OrderLine line) =>
        (ExcludedProductIds is { Count: > 0 } products && ShopifyGid.Normalise(line.ProductId, "Product") is { } product && products.Contains(product))
        || (ExcludedCollectionIds is { Count: > 0 } collections && line.CollectionIds.Any(c => ShopifyGid.Normalise(c, "Collection") is { } id && collections.Contains(id)));

    public Money BaseOf(ShopOrder order)
    {
        var excluded = order.Lines.Where(Excludes).Aggregate(Money.Zero(order.Currency), (sum, line) => sum + line.Amount);
        var total = Money.Max(order.Subtotal - excluded, Money.Zero(order.Currency));
        if (IncludeShipping)
        {
            total += order.Shipping;
        }

        if (IncludeTaxes)
        {
            total += order.Taxes;
        }

        return total;
    }

    /// <summary>The part of a refund that comes off the base: refunded lines this offer counts, and order-level adjustments.</summary>
    public Money RefundedBaseOf(ShopOrder order, OrderRefund refund)
    {
        var counted = refund.Lines
            .Where(r => order.Lines.FirstOrDefault(l => l.LineId == r.LineId) is not { } line || !Excludes(line))
            .Aggregate(Money.Zero(order.Currency), (sum, line) => sum + line.Subtotal);
        return counted + refund.Adjustments;
    }
}

/// <summary>A commission split into its flat part (CPA) and its percent-of-sale part (CPS), unrounded.</summary>
public sealed record Commission(Money Flat, Money OfSale)
{
    public Money Total => (Flat + OfSale).Round();

    /// <summary>
    /// The commission <paramref name="option"/> pays on a sale of <paramref name="saleBase"/>. A sale refunded in full
    /// (<paramref name="fullyRefunded"/>) earns neither part.
    /// </summary>
    public static Commission For(PayoutOption option, Money saleBase, bool fullyRefunded = false)
    {
        var zero = Money.Zero(saleBase.Currency);
        if (fullyRefunded)
        {
            return new Commission(zero, zero);
        }

        var flat = option.Type is PayoutType.Cpa or PayoutType.CpaCps && option.FlatAmount is { } amount ? amount : zero;
        var ofSale = option.Type is PayoutType.Cps or PayoutType.CpaCps && option.Percent is { } percent ? saleBase.Times(percent / 100m) : zero;
        return new Commission(flat, ofSale);
    }
}
