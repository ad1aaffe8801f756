using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>
/// What is known about one Shopify order before and after it is attributed: which offer's conversion it became (if
/// any), the order as last seen (its lines decide which refunded lines count), and refunds that arrived before the
/// order did. Order events may come in any order; the trail makes each of them land once.
/// </summary>
/// <remarks>
/// The trail and the conversion live in different partitions, so they are written one after the other. The trail
/// records the decision first (<see cref="OrderAttribution.Attributing"/>, carrying the conversion to write), then the
/// conversion is written, then the trail says <see cref="OrderAttribution.Converted"/>. Whoever finds the trail
/// Attributing finishes the job from what it carries; nobody skips it, and a conversion is always found through the trail.
/// </remarks>
public sealed record OrderTrail(
    string OrderId,
    OrderAttribution State,
    OfferId? OfferId,
    ShopOrder? Order,
    IReadOnlyList<OrderRefund> HeldRefunds,
    MemberId? MemberId = null,
    Conversion? Decided = null)
{
    public static OrderTrail New(string orderId) => new(orderId, OrderAttribution.Unseen, null, null, []);

    /// <summary>
    /// Where the order's conversion is, or is being, written: the offer's shard and the member's figures. Null when
    /// the order is not (yet) a member's; a reader then has no conversion to find.
    /// </summary>
    public (OfferId Offer, MemberId Member)? ConversionKey =>
        State is OrderAttribution.Attributing or OrderAttribution.Converted && OfferId is { } offer && MemberId is { } member ? (offer, member) : null;

    /// <summary>
    /// A refund for an order whose conversion may not be written yet waits here; once Converted, refunds go to the
    /// conversion. Whoever holds one while Attributing applies the held refunds itself when it finishes the attribution.
    /// </summary>
    public OrderTrail Hold(OrderRefund refund) =>
        State is not (OrderAttribution.Unseen or OrderAttribution.Attributing) || HeldRefunds.Any(r => r.RefundId == refund.RefundId)
            ? this
            : this with { HeldRefunds = [.. HeldRefunds, refund] };

    /// <summary>
    /// Records the order's attribution the first time it is decided: <paramref name="conversion"/> is the conversion
    /// to write (null: none of the order's codes is the brand's). A later decision never replaces it.
    /// </summary>
    public OrderTrail Attribute(ShopOrder order, Conversion? conversion) => State != OrderAttribution.Unseen
        ? this
        : conversion is null
            ? this with { State = OrderAttribution.NoMemberCode, Order = order }
            : this with { State = OrderAttribution.Attributing, OfferId = conversion.OfferId, MemberId = conversion.MemberId, Order = order, Decided = conversion };

    /// <summary>Once the decided conversion is written and the held refunds applied to it, the trail points at it and lets the decision go.</summary>
    public OrderTrail Complete() => State != OrderAttribution.Attributing
        ? this
        : this with { State = OrderAttribution.Converted, Decided = null };
}

public enum OrderAttribution
{
    /// <summary>No order event has been applied yet (refunds may be held).</summary>
    Unseen,

    /// <summary>The order became a conversion of <see cref="OrderTrail.OfferId"/>.</summary>
    Converted,

    /// <summary>None of the order's codes is the brand's: nothing to track.</summary>
    NoMemberCode,

    /// <summary>The order's conversion (<see cref="OrderTrail.Decided"/>) is decided and may or may not be written yet; refunds are still held.</summary>
    Attributing,
}
