using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>
/// Additive counters of conversions: one conversion's contribution, or the sum of many. Kept on write as the
/// difference a change makes (after minus before), so the sum always equals a recomputation from the conversions.
/// Amounts are in <see cref="Currency"/>; an empty figure has none yet.
/// </summary>
public sealed record SalesFigures(
    string? Currency,
    int Orders,
    int Units,
    decimal Sales,
    decimal Refunded,
    decimal CommissionPending,
    decimal CommissionApproved,
    decimal CommissionPaid,
    decimal Adjustments,
    decimal ClawedBack,
    int Rejected)
{
    public static SalesFigures Empty { get; } = new(null, 0, 0, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0);

    /// <summary>Total commission earned so far (pending, approved and paid, with adjustments after payment).</summary>
    public decimal Commission => CommissionPending + CommissionApproved + CommissionPaid + Adjustments;

    public decimal AverageOrderValue => Orders == 0 ? 0m : Math.Round(Sales / Orders, CurrencyUnits.MinorDigits(Currency ?? "USD"), MidpointRounding.ToEven);

    public static SalesFigures Of(Conversion? conversion)
    {
        if (conversion is null)
        {
            return Empty;
        }

        var currency = conversion.SaleBase.Currency;
        if (conversion.Status == ConversionStatus.Rejected)
        {
            return Empty with { Currency = currency, Rejected = 1, Adjustments = Sum(conversion.Adjustments), CommissionPaid = conversion.PaidCommission.Amount };
        }

        var commission = conversion.Commission.Amount;
        return new SalesFigures(
            currency,
            Orders: 1,
            Units: conversion.Units,
            Sales: Math.Max(conversion.SaleBase.Amount - conversion.RefundedBase.Amount, 0m),
            Refunded: conversion.RefundedBase.Amount,
            CommissionPending: conversion.Status == ConversionStatus.Pending ? commission : 0m,
            CommissionApproved: conversion.Status == ConversionStatus.Approved ? commission : 0m,
            CommissionPaid: conversion.Status == ConversionStatus.Paid ? conversion.PaidCommission.Amount : 0m,
            Adjustments: Sum(conversion.Adjustments),
            ClawedBack: conversion.CommissionBeforeRefunds.Amount - commission,
            Rejected: 0);
    }

    public static SalesFigures operator +(SalesFigures left, SalesFigures right) => Combine(left, right, 1);

    public static SalesFigures operator -(SalesFigures left, SalesFigures right) => Combine(left, right, -1);

    public SalesFigures Add(SalesFigures other) => this + other;

    public SalesFigures Subtract(SalesFigures other) => this - other;

    public bool IsZero => this with { Currency = null } == Empty;

    private static SalesFigures Combine(SalesFigures left, SalesFigures right, int sign)
    {
        if (left.Currency is not null && right.Currency is not null && left.Currency != right.Currency)
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
        }

        return new SalesFigures(
            left.Currency ?? right.Currency,
            left.Orders + (sign * right.Orders),
            left.Units + (sign * right.Units),
            left.Sales + (sign * right.Sales),
            left.Refunded + (sign * right.Refunded),
            left.CommissionPending + (sign * right.CommissionPending),
            left.CommissionApproved + (sign * right.CommissionApproved),
            left.CommissionPaid + (sign * right.CommissionPaid),
            left.Adjustments + (sign * right.Adjustments),
            left.ClawedBack + (sign * right.ClawedBack),
            left.Rejected + (sign * right.Rejected));
    }

    private static decimal Sum(IEnumerable<PayoutAdjustment> adjustments) => adjustments.Sum(a => a.Amount.Amount);
}

/// <summary>One member's figures in an offer.</summary>
public sealed record MemberFigures(MemberId MemberId, SalesFigures Figures);

/// <summary>An offer's sales at a glance, from its kept figures.</summary>
public sealed record OfferDashboard(
    OfferId OfferId,
    int MembersWithCodes,
    int ActiveCodes,
    SalesFigures Totals,
    decimal ConversionsPerMember,
    IReadOnlyList<MemberFigures> TopMembers)
{
    public const int TopMemberCount = 10;

    public static OfferDashboard From(OfferId offer, int membersWithCodes, int activeCodes, SalesFigures totals, IEnumerable<MemberFigures> members) => new(
        offer,
        membersWithCodes,
        activeCodes,
        totals,
        membersWithCodes == 0 ? 0m : Math.Round((decimal)totals.Orders / membersWithCodes, 2, MidpointRounding.ToEven),
        members
            .GroupBy(m => m.MemberId)
            .Select(g => new MemberFigures(g.Key, g.Aggregate(SalesFigures.Empty, (sum, m) => sum + m.Figures)))
            .Where(m => m.Figures.Orders > 0 || m.Figures.Rejected > 0)
            .OrderByDescending(m => m.Figures.Commission)
            .ThenByDescending(m => m.Figures.Sales)
            .ThenBy(m => m.MemberId.Value, StringComparer.Ordinal)
            .Take(TopMemberCount)
            .ToArray());
}
