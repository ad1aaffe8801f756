using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>
/// An order as sales tracking needs it, in the shop's currency. <see cref="Subtotal"/> is after discounts and
/// before shipping and taxes (Shopify's current subtotal when present, else the subtotal). <see cref="RedeemedCodes"/>
/// are the order's discount codes in the order they were applied: only discount applications of the type
/// discount code, never manual or automatic discounts.
/// </summary>
public sealed record ShopOrder(
    string OrderId,
    string Currency,
    string? CustomerEmail,
    Money Subtotal,
    Money Shipping,
    Money Taxes,
    IReadOnlyList<OrderLine> Lines,
    IReadOnlyList<string> RedeemedCodes,
    DateTimeOffset PlacedAt,
    bool Cancelled = false);

/// <summary>One line: its amount after the discounts allocated to it, and what it sells.</summary>
public sealed record OrderLine(string LineId, string? ProductId, IReadOnlyList<string> CollectionIds, int Quantity, Money Amount);

/// <summary>
/// One refund of an order: the refunded lines' subtotals and order-level adjustments (positive amounts taken back
/// from the sale). <see cref="RefundId"/> makes applying it twice harmless.
/// </summary>
public sealed record OrderRefund(string RefundId, string OrderId, IReadOnlyList<RefundedLine> Lines, Money Adjustments, DateTimeOffset CreatedAt)
{
    public Money Subtotal(string currency) => Lines.Aggregate(Adjustments, (sum, line) => sum + line.Subtotal) with { Currency = currency };
}

public sealed record RefundedLine(string LineId, int Quantity, Money Subtotal);
