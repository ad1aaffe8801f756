using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>What one member is owed: approved, unpaid commissions less what was taken back after earlier payouts, never below zero.</summary>
public sealed record MemberPayout(MemberId MemberId, Money Due, int Conversions);

public static class Payouts
{
    public static IReadOnlyList<MemberPayout> Due(IEnumerable<Conversion> conversions, string currency) =>
        conversions
            .GroupBy(c => c.MemberId)
            .Select(g => new MemberPayout(g.Key, Money.Max(g.Aggregate(Money.Zero(currency), (sum, c) => sum + c.Due), Money.Zero(currency)), g.Count(c => c.Status == ConversionStatus.Approved)))
            .Where(p => p.Due.Amount > 0)
            .OrderBy(p => p.MemberId.Value, StringComparer.Ordinal)
            .ToArray();
}
