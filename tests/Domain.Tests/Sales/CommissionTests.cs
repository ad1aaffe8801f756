using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class CommissionTests
{
    [Fact]
    public void Cps_ShouldPayThePercentOfTheSubtotalWithoutShippingOrTaxes()
    {
        var conversion = Converted(Order(120m), Cps(10m));

        Assert.Equal(Usd(120m), conversion.SaleBase);
        Assert.Equal(Usd(12m), conversion.Commission);
    }

    [Fact]
    public void Cpa_ShouldPayTheFlatAmountWhateverTheSale()
    {
        Assert.Equal(Usd(5m), Converted(Order(999m), Cpa(5m)).Commission);
        Assert.Equal(Usd(5m), Converted(Order(1m), Cpa(5m)).Commission);
    }

    [Fact]
    public void CpaCps_ShouldPayBoth()
    {
        Assert.Equal(Usd(17m), Converted(Order(120m), CpaCps(5m, 10m)).Commission);
    }

    [Theory]
    [InlineData(0.125, 0.12)] // half to even: down to the even cent
    [InlineData(0.135, 0.14)] // half to even: up to the even cent
    [InlineData(0.13499, 0.13)]
    public void Commission_ShouldRoundHalfToEvenToTheCent(decimal commission, decimal expected)
    {
        // 10 % of ten times the commission gives exactly the unrounded figure.
        Assert.Equal(Usd(expected), Converted(Order(commission * 10m), Cps(10m)).Commission);
    }

    [Fact]
    public void Commission_ShouldRoundOnceAtTheEndNotPerPart()
    {
        // 0.005 + 0.005 rounded separately would give 0.00 + 0.00 (half to even) or 0.02; once, it is 0.01.
        var payout = CpaCps(0.005m, 10m);

        Assert.Equal(Usd(0.01m), Commission.For(payout, Usd(0.05m)).Total);
    }

    [Theory]
    [InlineData("JPY", 1234.5, 123)] // no minor unit: 123.45 -> 123
    [InlineData("KWD", 1234.5678, 123.457)] // three decimals
    [InlineData("EUR", 1234.5, 123.45)]
    public void Commission_ShouldRoundToTheCurrencysMinorUnit(string currency, decimal sale, decimal expected)
    {
        var total = Commission.For(Cps(10m) with { }, new Money(sale, currency)).Total;

        Assert.Equal(new Money(expected, currency), total);
    }

    [Fact]
    public void BaseOf_WhenTheOfferIncludesShippingAndTaxes_ShouldAddThem()
    {
        var rules = new CommissionBaseRules(IncludeShipping: true, IncludeTaxes: true);

        Assert.Equal(Usd(120m + 7.50m + 4.20m), rules.BaseOf(Order(120m)));
    }

    [Fact]
    public void BaseOf_WhenProductsOrCollectionsAreExcluded_ShouldLeaveTheirLinesOut()
    {
        var order = Order(100m, lines: [Line("a", 60m, "101"), Line("b", 30m, "102", "gid://shopify/Collection/9"), Line("c", 10m, "103")]);

        Assert.Equal(Usd(40m), new CommissionBaseRules(ExcludedProductIds: ["gid://shopify/Product/101"]).BaseOf(order));
        Assert.Equal(Usd(10m), new CommissionBaseRules(ExcludedProductIds: ["gid://shopify/Product/101"], ExcludedCollectionIds: ["gid://shopify/Collection/9"]).BaseOf(order));
    }

    [Fact]
    public void Arithmetic_WhenCurrenciesDiffer_ShouldRefuse()
    {
        Assert.Throws<InvalidOperationException>(() => Commission.For(Cpa(5m), new Money(100m, "EUR")).Total);
    }
}
