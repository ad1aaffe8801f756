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

/// <summary>A person's decision on a conversion (a manual approval or rejection): who, when and why.</summary>
public sealed record ConversionReview(ConversionReviewAction Action, string By, string? Reason, DateTimeOffset At);

public enum ConversionReviewAction
{
    Approved,
    Rejected,
}

public enum ReviewOutcome
{
    Changed,

    /// <summary>Already in the asked-for state.</summary>
    Unchanged,

    /// <summary>Not allowed from the current state (a paid conversion, a cancelled order).</summary>
    Refused,
}

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
    IReadOnlyList<PayoutAdjustment> Adjustments,
    int Units = 0,
    int SettledAdjustments = 0,
    IReadOnlyList<ConversionReview>? Reviews = null,
    CommissionBaseRules? BaseRules = null)
{
    /// <summary>
    /// The offer's base rules as they were when the conversion was made: its refunds are taken off by the same rules,
    /// whatever the offer says later. Conversions stored before the rules were kept used the default.
    /// </summary>
    public CommissionBaseRules Rules => BaseRules ?? CommissionBaseRules.Default;

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
            order.PlacedAt, order.PlacedAt + holdingPeriod, zero, [], order.Lines.Sum(l => l.Quantity), BaseRules: rules);
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

    /// <summary>Settles what a payout paid: an approved conversion becomes paid, and the adjustments carried so far are settled with it.</summary>
    public Conversion MarkPaid()
    {
        var settled = SettledAdjustments == Adjustments.Count ? this : this with { SettledAdjustments = Adjustments.Count };
        return settled.Status == ConversionStatus.Approved ? settled with { Status = ConversionStatus.Paid, PaidCommission = Commission } : settled;
    }

    /// <summary>Whether a payout has something of this conversion to pay or take back.</summary>
    public bool IsPayable => Status == ConversionStatus.Approved || SettledAdjustments < Adjustments.Count;

    /// <summary>What a payout owes the member for this conversion: its commission once approved and unpaid, plus adjustments not yet settled.</summary>
    public Money Due => Status switch
    {
        ConversionStatus.Approved => Commission,
        _ => Money.Zero(SaleBase.Currency),
    } + Adjustments.Skip(SettledAdjustments).Aggregate(Money.Zero(SaleBase.Currency), (sum, a) => sum + a.Amount);

    /// <summary>What the commission would be without refunds: the difference to <see cref="Commission"/> is what refunds clawed back.</summary>
    public Money CommissionBeforeRefunds => Status == ConversionStatus.Rejected
        ? Money.Zero(SaleBase.Currency)
        : Sales.Commission.For(Payout, SaleBase).Total;

    /// <summary>
    /// A brand's manual approval, before the holding period ends or overriding a rejection it made or a self-referral.
    /// A cancelled order stays rejected; a paid conversion stays paid.
    /// </summary>
    public (ReviewOutcome Outcome, Conversion Conversion) ApproveByHand(string by, string? reason, DateTimeOffset at) => Status switch
    {
        ConversionStatus.Approved => (ReviewOutcome.Unchanged, this),
        ConversionStatus.Pending => (ReviewOutcome.Changed, Reviewed(ConversionReviewAction.Approved, by, reason, at) with { Status = ConversionStatus.Approved }),
        ConversionStatus.Rejected when Rejection is not RejectionReason.Cancelled =>
            (ReviewOutcome.Changed, Reviewed(ConversionReviewAction.Approved, by, reason, at) with { Status = ConversionStatus.Approved, Rejection = null }),
        _ => (ReviewOutcome.Refused, this),
    };

    /// <summary>A brand's manual rejection of a conversion not yet paid.</summary>
    public (ReviewOutcome Outcome, Conversion Conversion) RejectByHand(string by, string reason, DateTimeOffset at) => Status switch
    {
        ConversionStatus.Rejected => (ReviewOutcome.Unchanged, this),
        ConversionStatus.Paid => (ReviewOutcome.Refused, this),
        _ => (ReviewOutcome.Changed, Reviewed(ConversionReviewAction.Rejected, by, reason, at).Reject(RejectionReason.Manual, at)),
    };

    private Conversion Reviewed(ConversionReviewAction action, string by, string? reason, DateTimeOffset at) =>
        this with { Reviews = [.. Reviews ?? [], new ConversionReview(action, by, reason, at)] };

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
