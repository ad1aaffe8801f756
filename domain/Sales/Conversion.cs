using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Sales;

public enum ConversionStatus
{
    /// <summary>Within the offer's holding period: refunds still change it.</summary>
    Pending,

    /// <summary>Past the holding period: payable.</summary>
    Approved,

    /// <summary>Included in a payout the brand marked paid.</summary>
    Paid,

    Rejected,
}

public enum RejectionReason
{
    SelfReferral,
    Cancelled,
    Manual,
}

/// <summary>An amount taken from (or given back to) a member after their conversion was paid, carried into the next payout.</summary>
public sealed record PayoutAdjustment(string Reason, Money Amount, DateTimeOffset At);

/// <summary>
/// An order that used a member's code. The commission is recomputed from the sale and what was refunded of it, so
/// applying the same refund twice, or refunds in any order, gives the same figures.
/// </summary>
public sealed record Conversion(
    string OrderId,
    OfferId OfferId,
    MemberId MemberId,
    string Code,
    PayoutOption Payout,
    Money SaleBase,
    Money RefundedBase,
    IReadOnlyList<string> AppliedRefunds,
    ConversionStatus Status,
    RejectionReason? Rejection,
    DateTimeOffset PlacedAt,
    DateTimeOffset PayableAt,
    Money PaidCommission,
    IReadOnlyList<PayoutAdjustment> Adjustments)
{
    public bool FullyRefunded => RefundedBase.Amount >= SaleBase.Amount && SaleBase.Amount > 0;

    /// <summary>What the conversion earns now: nothing once rejected; CPS on the part of the sale kept; CPA unless refunded in full.</summary>
    public Money Commission => Status == ConversionStatus.Rejected
        ? Money.Zero(SaleBase.Currency)
        : Sales.Commission.For(Payout, Money.Max(SaleBase - RefundedBase, Money.Zero(SaleBase.Currency)), FullyRefunded).Total;

    public static Conversion Create(ShopOrder order, Attribution attribution, PayoutOption payout, CommissionBaseRules rules, TimeSpan holdingPeriod)
    {
        var code = attribution.Code ?? throw new ArgumentException("An order without a member code is no conversion.", nameof(attribution));
        var zero = Money.Zero(order.Currency);
        var conversion = new Conversion(
            order.OrderId, code.OfferId, code.MemberId, code.Code, payout, rules.BaseOf(order), zero, [], ConversionStatus.Pending, null,
            order.PlacedAt, order.PlacedAt + holdingPeriod, zero, []);
        return attribution.Outcome switch
        {
            AttributionOutcome.SelfReferral => conversion.Reject(RejectionReason.SelfReferral, order.PlacedAt),
            _ when order.Cancelled => conversion.Reject(RejectionReason.Cancelled, order.PlacedAt),
            _ => conversion,
        };
    }

    /// <summary>Takes a refund off the sale, once per refund id, whenever it arrives (before the order is even seen, it is applied on creation).</summary>
    public Conversion ApplyRefund(string refundId, Money refundedBase, DateTimeOffset at)
    {
        if (AppliedRefunds.Contains(refundId))
        {
            return this;
        }

        var next = this with { RefundedBase = RefundedBase + refundedBase, AppliedRefunds = [.. AppliedRefunds, refundId] };
        return next.CarryPaidDifference(this, "refund " + refundId, at);
    }

    /// <summary>A cancelled order earns nothing; a cancellation after payment is taken back from the next payout. Later updates never revive it.</summary>
    public Conversion Cancel(DateTimeOffset at) => Reject(RejectionReason.Cancelled, at);

    public Conversion Reject(RejectionReason reason, DateTimeOffset at)
    {
        if (Status == ConversionStatus.Rejected)
        {
            return this;
        }

        var next = this with { Status = ConversionStatus.Rejected, Rejection = reason };
        return next.CarryPaidDifference(this, "rejected: " + reason, at);
    }

    /// <summary>Pending becomes approved once the holding period has passed.</summary>
    public Conversion ApproveIfDue(DateTimeOffset now) =>
        Status == ConversionStatus.Pending && now >= PayableAt ? this with { Status = ConversionStatus.Approved } : this;

    /// <summary>A manual approval, before the holding period ends.</summary>
    public Conversion Approve() => Status == ConversionStatus.Pending ? this with { Status = ConversionStatus.Approved } : this;

    public Conversion MarkPaid() =>
        Status == ConversionStatus.Approved ? this with { Status = ConversionStatus.Paid, PaidCommission = Commission } : this;

    /// <summary>What a payout owes the member for this conversion: its commission once approved and unpaid, plus adjustments after payment.</summary>
    public Money Due => Status switch
    {
        ConversionStatus.Approved => Commission,
        _ => Money.Zero(SaleBase.Currency),
    } + Adjustments.Aggregate(Money.Zero(SaleBase.Currency), (sum, a) => sum + a.Amount);

    private Money Settled => Adjustments.Aggregate(PaidCommission, (sum, a) => sum + a.Amount);

    // Once paid, the paid figure stands; any later change to what it earns becomes an adjustment of the difference.
    private Conversion CarryPaidDifference(Conversion before, string reason, DateTimeOffset at)
    {
        if (before.Status != ConversionStatus.Paid)
        {
            return this;
        }

        var delta = Commission - before.Settled;
        return delta.IsZero ? this : this with { Adjustments = [.. Adjustments, new PayoutAdjustment(reason, delta, at)] };
    }
}
