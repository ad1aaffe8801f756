using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>
/// What is known about one Shopify order before and after it is attributed: which offer's conversion it became (if
/// any), the order as last seen (its lines decide which refunded lines count), and refunds that arrived before the
/// order did. Order events may come in any order; the trail makes each of them land once.
/// </summary>
public sealed record OrderTrail(
    string OrderId,
    OrderAttribution State,
    OfferId? OfferId,
    ShopOrder? Order,
    IReadOnlyList<OrderRefund> HeldRefunds,
    MemberId? MemberId = null)
{
    public static OrderTrail New(string orderId) => new(orderId, OrderAttribution.Unseen, null, null, []);

    /// <summary>A refund for an order not yet attributed waits here; once attributed, refunds go to the conversion.</summary>
    public OrderTrail Hold(OrderRefund refund) =>
        State != OrderAttribution.Unseen || HeldRefunds.Any(r => r.RefundId == refund.RefundId)
            ? this
            : this with { HeldRefunds = [.. HeldRefunds, refund] };

    /// <summary>Records the order's attribution the first time it is decided; a later decision never replaces it.</summary>
    public OrderTrail Attribute(ShopOrder order, MemberCode? code) => State != OrderAttribution.Unseen
        ? this
        : this with { State = code is null ? OrderAttribution.NoMemberCode : OrderAttribution.Converted, OfferId = code?.OfferId, MemberId = code?.MemberId, Order = order };
}

public enum OrderAttribution
{
    /// <summary>No order event has been applied yet (refunds may be held).</summary>
    Unseen,

    /// <summary>The order became a conversion of <see cref="OrderTrail.OfferId"/>.</summary>
    Converted,

    /// <summary>None of the order's codes is the brand's: nothing to track.</summary>
    NoMemberCode,
}
