using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class AttributionTests
{
    [Fact]
    public void Of_ShouldMatchCodesIgnoringCase()
    {
        var attribution = Attribution.Of(Order(50m, ["jane10"]), FindCode);

        Assert.Equal(AttributionOutcome.Attributed, attribution.Outcome);
        Assert.Equal(Jane, attribution.Code!.MemberId);
    }

    [Fact]
    public void Of_WhenTwoMembersCodesAreOnTheOrder_ShouldPayOneByPrecedence()
    {
        var order = Order(50m, ["SUMMER", "OMAR10", "JANE10"]);

        Assert.Equal(Omar, Attribution.Of(order, FindCode).Code!.MemberId);
        Assert.Equal(Jane, Attribution.Of(order, FindCode, AttributionPrecedence.LastApplied).Code!.MemberId);
    }

    [Fact]
    public void Of_WhenNoCodeIsTheBrands_ShouldFindNoMember()
    {
        Assert.Equal(AttributionOutcome.NoMemberCode, Attribution.Of(Order(50m, ["SUMMER", "WELCOME5"]), FindCode).Outcome);
    }

    [Theory]
    [InlineData("jane@creators.example")]
    [InlineData(" JANE@Creators.Example ")]
    public void Of_WhenTheBuyerIsTheCodesMember_ShouldBeSelfReferral(string buyer)
    {
        Assert.Equal(AttributionOutcome.SelfReferral, Attribution.Of(Order(50m, email: buyer), FindCode).Outcome);
    }

    [Fact]
    public void Create_WhenSelfReferral_ShouldRejectWithTheReasonAndEarnNothing()
    {
        var conversion = Converted(Order(50m, email: "jane@creators.example"), Cps(10m));

        Assert.Equal(ConversionStatus.Rejected, conversion.Status);
        Assert.Equal(RejectionReason.SelfReferral, conversion.Rejection);
        Assert.Equal(Usd(0m), conversion.Commission);
    }
}
