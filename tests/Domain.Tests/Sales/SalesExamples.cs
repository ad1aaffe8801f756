using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Domain.Tests.Sales;

internal static class SalesExamples
{
    public static readonly OfferId Offer = new("0000000000000000000000000000000a");
    public static readonly MemberId Jane = new("0000000000000000000000000000000b");
    public static readonly MemberId Omar = new("0000000000000000000000000000000c");
    public static readonly DateTimeOffset Placed = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    public static Money Usd(decimal amount) => new(amount, "USD");

    public static PayoutOption Cps(decimal percent) => new("Standard", PayoutType.Cps, null, percent, true);

    public static PayoutOption Cpa(decimal amount) => new("Flat", PayoutType.Cpa, Usd(amount), null, true);

    public static PayoutOption CpaCps(decimal amount, decimal percent) => new("Both", PayoutType.CpaCps, Usd(amount), percent, true);

    public static OrderLine Line(string id, decimal amount, string? product = null, params string[] collections) =>
        new(id, product, collections, 1, Usd(amount));

    public static ShopOrder Order(decimal subtotal, string[]? codes = null, string? email = "buyer@shop.example", OrderLine[]? lines = null, bool cancelled = false) =>
        new("order-1", "USD", email, Usd(subtotal), Usd(7.50m), Usd(4.20m), lines ?? [Line("l1", subtotal)], codes ?? ["JANE10"], Placed, cancelled);

    public static MemberCode? FindCode(string code) => code switch
    {
        "JANE10" => new MemberCode("JANE10", Offer, Jane, "jane@creators.example", null),
        "OMAR10" => new MemberCode("OMAR10", Offer, Omar, "omar@creators.example", null),
        _ => null,
    };

    public static Conversion Converted(ShopOrder order, PayoutOption payout, TimeSpan? holding = null) =>
        Conversion.Create(order, Attribution.Of(order, FindCode), payout, CommissionBaseRules.Default, holding ?? TimeSpan.FromDays(30));
}
