using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Offers;

namespace PromoServerless.Functions.Sales;

/// <summary>A conversion as the API shows it; its id is the Shopify order id.</summary>
public sealed record ConversionResponse(
    string Id,
    string OrderId,
    string OfferId,
    string MemberId,
    string Code,
    ConversionStatus Status,
    RejectionReason? Rejection,
    string PayoutOption,
    MoneyResponse Sale,
    MoneyResponse Refunded,
    MoneyResponse Commission,
    MoneyResponse CommissionClawedBack,
    MoneyResponse Paid,
    MoneyResponse Due,
    int Units,
    DateTimeOffset PlacedAt,
    DateTimeOffset PayableAt,
    IReadOnlyList<AdjustmentResponse> Adjustments,
    IReadOnlyList<ConversionReview> Reviews)
{
    public static ConversionResponse From(Conversion c) => new(
        c.OrderId,
        c.OrderId,
        c.OfferId.Value,
        c.MemberId.Value,
        c.Code,
        c.Status,
        c.Rejection,
        c.Payout.Label,
        Money(c.SaleBase),
        Money(c.RefundedBase),
        Money(c.Commission),
        Money(c.CommissionBeforeRefunds - c.Commission),
        Money(c.PaidCommission),
        Money(c.Due),
        c.Units,
        c.PlacedAt,
        c.PayableAt,
        c.Adjustments.Select(a => new AdjustmentResponse(a.Reason, Money(a.Amount), a.At)).ToArray(),
        c.Reviews ?? []);

    private static MoneyResponse Money(Money m) => new(m.Amount, m.Currency);
}

public sealed record AdjustmentResponse(string Reason, MoneyResponse Amount, DateTimeOffset At);

/// <summary>Sales figures: counts, and amounts in the shop's currency.</summary>
public sealed record FiguresResponse(
    string? Currency,
    int Orders,
    int Units,
    decimal Sales,
    decimal AverageOrderValue,
    decimal Refunds,
    decimal CommissionPending,
    decimal CommissionApproved,
    decimal CommissionPaid,
    decimal Adjustments,
    decimal CommissionClawedBack,
    decimal Commission,
    int Rejected)
{
    public static FiguresResponse From(SalesFigures f) => new(
        f.Currency, f.Orders, f.Units, f.Sales, f.AverageOrderValue, f.Refunded, f.CommissionPending, f.CommissionApproved, f.CommissionPaid, f.Adjustments, f.ClawedBack, f.Commission, f.Rejected);
}

public sealed record MemberFiguresResponse(string MemberId, FiguresResponse Figures);

/// <param name="ConversionsPerMember">Orders per member holding a code in the offer.</param>
public sealed record DashboardResponse(
    string OfferId,
    int MembersWithCodes,
    int ActiveCodes,
    FiguresResponse Totals,
    decimal ConversionsPerMember,
    IReadOnlyList<MemberFiguresResponse> TopMembers)
{
    public static DashboardResponse From(OfferDashboard d) => new(
        d.OfferId.Value,
        d.MembersWithCodes,
        d.ActiveCodes,
        FiguresResponse.From(d.Totals),
        d.ConversionsPerMember,
        d.TopMembers.Select(m => new MemberFiguresResponse(m.MemberId.Value, FiguresResponse.From(m.Figures))).ToArray());
}

public sealed record PayoutResponse(string MemberId, MoneyResponse Due, int Conversions)
{
    public static PayoutResponse From(MemberPayout p) => new(p.MemberId.Value, new MoneyResponse(p.Due.Amount, p.Due.Currency), p.Conversions);
}

/// <summary>A payout the brand marked paid: the amount, and the orders it settled.</summary>
public sealed record PaidPayoutResponse(string Id, string MemberId, MoneyResponse Amount, IReadOnlyList<string> OrderIds, DateTimeOffset PaidAt);

/// <param name="ReviewedBy">Who decided (a person's name or email), kept on the conversion with the time and the reason.</param>
public sealed record ConversionReviewRequest(string? ReviewedBy, string? Reason);

/// <param name="Reference">The brand's reference for the payment (a transfer id), kept with the payout.</param>
public sealed record MarkPaidRequest(string? Reference);
