using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using static PromoServerless.Domain.Tests.Codes.Operations.CodeOperationRulesTests;

namespace PromoServerless.Domain.Tests.Codes.Operations;

public sealed class DateChangePlannerTests
{
    private const string First = "gid://shopify/DiscountCodeNode/1";
    private const string Second = "gid://shopify/DiscountCodeNode/2";

    [Fact]
    public void Plan_WhenEveryCodeOfADiscountIsChosen_ShouldRedateItInPlace()
    {
        var codes = new[] { Code(PromoCodeStatus.Active, First), Code(PromoCodeStatus.Scheduled, First) };

        var group = Assert.Single(DateChangePlanner.Plan(codes, codes));

        Assert.True(group.InPlace);
        Assert.Equal(First, group.DiscountId);
        Assert.Equal(codes.Select(c => c.MemberId), group.Members);
    }

    [Fact]
    public void Plan_WhenOtherCodesShareTheDiscount_ShouldMoveTheChosenOnes()
    {
        var chosen = Code(PromoCodeStatus.Active, First);
        var other = Code(PromoCodeStatus.Active, First);

        var group = Assert.Single(DateChangePlanner.Plan([chosen], [chosen, other]));

        Assert.False(group.InPlace);
        Assert.Equal([chosen.MemberId], group.Members);
    }

    [Fact]
    public void Plan_WhenTheOtherCodeIsDeactivated_ShouldStillMoveSoItKeepsItsDates()
    {
        var chosen = Code(PromoCodeStatus.Active, First);
        var deactivated = Code(PromoCodeStatus.Deactivated, First);

        Assert.False(Assert.Single(DateChangePlanner.Plan([chosen], [chosen, deactivated])).InPlace);
    }

    [Fact]
    public void Plan_WhenTheOtherCodeFailed_ShouldIgnoreIt()
    {
        var chosen = Code(PromoCodeStatus.Active, First);
        var failed = Code(PromoCodeStatus.Failed) with { ShopifyDiscountId = First };

        Assert.True(Assert.Single(DateChangePlanner.Plan([chosen], [chosen, failed])).InPlace);
    }

    [Fact]
    public void Plan_WhenChosenCodesSpanDiscounts_ShouldDecideEachDiscountAlone()
    {
        var whole = Code(PromoCodeStatus.Active, First);
        var part = Code(PromoCodeStatus.Active, Second);
        var rest = Code(PromoCodeStatus.Expired, Second);

        var groups = DateChangePlanner.Plan([whole, part], [whole, part, rest]).ToDictionary(g => g.DiscountId);

        Assert.True(groups[First].InPlace);
        Assert.False(groups[Second].InPlace);
    }
}
