using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

/// <summary>The commission base by each rule an offer can set, and refunds taken off by the rules kept on the conversion.</summary>
public sealed class CommissionBaseTests
{
    // Subtotal 100 of three lines; shipping 7.50, taxes 4.20 (see SalesExamples.Order). Product ids as webhooks carry them.
    private static readonly ShopOrder ThreeLines = Order(100m, lines:
    [
        Line("l1", 60m, "101"),
        Line("l2", 30m, "102", "gid://shopify/Collection/9"),
        Line("l3", 10m, "103"),
    ]);

    private static Conversion Converted(CommissionBaseRules rules) =>
        Conversion.Create(ThreeLines, Attribution.Of(ThreeLines, FindCode), Cps(10m), rules, TimeSpan.FromDays(30));

    [Fact]
    public void BaseOf_ByDefault_ShouldBeTheSubtotalWithoutShippingOrTaxes() =>
        Assert.Equal(Usd(100m), CommissionBaseRules.Default.BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenShippingIsIncluded_ShouldAddOnlyShipping() =>
        Assert.Equal(Usd(107.50m), new CommissionBaseRules(IncludeShipping: true).BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenTaxesAreIncluded_ShouldAddOnlyTaxes() =>
        Assert.Equal(Usd(104.20m), new CommissionBaseRules(IncludeTaxes: true).BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenAProductIsExcludedByGid_ShouldLeaveOutTheLineWithItsNumericId() =>
        Assert.Equal(Usd(40m), new CommissionBaseRules(ExcludedProductIds: ["gid://shopify/Product/101"]).BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenACollectionIsExcluded_ShouldLeaveOutTheLinesInIt() =>
        Assert.Equal(Usd(70m), new CommissionBaseRules(ExcludedCollectionIds: ["gid://shopify/Collection/9"]).BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenAnExcludedCollectionIsNotOnAnyLine_ShouldCountEveryLine() =>
        Assert.Equal(Usd(100m), new CommissionBaseRules(ExcludedCollectionIds: ["gid://shopify/Collection/8"]).BaseOf(ThreeLines));

    [Fact]
    public void BaseOf_WhenAProductIsExcludedAndShippingIncluded_ShouldDoBoth() =>
        Assert.Equal(Usd(47.50m), new CommissionBaseRules(IncludeShipping: true, ExcludedProductIds: ["gid://shopify/Product/101"]).BaseOf(ThreeLines));

    [Fact]
    public void RefundOfAnExcludedLine_ShouldClawBackNothing()
    {
        var rules = new CommissionBaseRules(ExcludedProductIds: ["gid://shopify/Product/101"]);
        var conversion = Converted(rules);
        var refund = new OrderRefund("r1", ThreeLines.OrderId, [new RefundedLine("l1", 1, Usd(60m))], Usd(0m), Placed);

        var refunded = conversion.ApplyRefund(refund.RefundId, conversion.Rules.RefundedBaseOf(ThreeLines, refund), Placed);

        Assert.Equal(Usd(4m), conversion.Commission);
        Assert.Equal(Usd(4m), refunded.Commission);
    }

    [Fact]
    public void RefundOfACountedLine_ShouldClawBackItsShare()
    {
        var conversion = Converted(new CommissionBaseRules(ExcludedCollectionIds: ["gid://shopify/Collection/9"]));
        var refund = new OrderRefund("r1", ThreeLines.OrderId, [new RefundedLine("l3", 1, Usd(10m))], Usd(0m), Placed);

        var refunded = conversion.ApplyRefund(refund.RefundId, conversion.Rules.RefundedBaseOf(ThreeLines, refund), Placed);

        Assert.Equal(Usd(7m), conversion.Commission);
        Assert.Equal(Usd(6m), refunded.Commission);
    }

    [Fact]
    public void Create_ShouldKeepTheOffersRulesOnTheConversion()
    {
        var rules = new CommissionBaseRules(IncludeTaxes: true, ExcludedProductIds: ["gid://shopify/Product/103"]);

        Assert.Same(rules, Converted(rules).Rules);
    }

    [Fact]
    public void Rules_OfAConversionStoredWithoutThem_ShouldBeTheDefault()
    {
        var stored = Converted(CommissionBaseRules.Default) with { BaseRules = null };

        Assert.Same(CommissionBaseRules.Default, stored.Rules);
    }
}
