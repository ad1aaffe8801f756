using System.Globalization;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class DiscountValidationTests
{
    private static string[] Fields(DiscountDraft? discount) =>
        OfferValidator.Validate(Drafts.Offer() with { Discount = discount }, "USD").Errors.Select(e => e.Field).ToArray();

    private static Discount Valid(DiscountDraft discount) => OfferValidator.Validate(Drafts.Offer() with { Discount = discount }, "USD").Value.Discount;

    [Fact]
    public void Validate_WhenPercentage_ShouldExposeShopifyFraction()
    {
        var discount = Valid(new DiscountDraft { Type = "percentage", Value = 12.5m });

        Assert.Equal(0.125m, discount.ShopifyPercentage);
        Assert.Equal("125", discount.CodeToken);
        Assert.Null(discount.Amount);
    }

    [Fact]
    public void Validate_WhenFixedAmount_ShouldKeepAmountAndEachItemFlag()
    {
        var discount = Valid(new DiscountDraft { Type = "fixedAmount", Value = 15m, AppliesOnEachItem = true });

        Assert.Equal(DiscountType.FixedAmount, discount.Type);
        Assert.Equal(15m, discount.Amount!.Value.Amount);
        Assert.Equal("USD", discount.Amount.Value.Currency);
        Assert.True(discount.AppliesOnEachItem);
    }

    [Fact]
    public void ShopifyPercentage_WhenFixedAmount_ShouldThrow()
    {
        var discount = Valid(new DiscountDraft { Type = "fixedAmount", Value = 15m });

        Assert.Throws<InvalidOperationException>(() => discount.ShopifyPercentage);
    }

    [Fact]
    public void Validate_WhenDiscountMissing_ShouldFailOnDiscount()
    {
        Assert.Equal(["discount"], Fields(null));
    }

    [Fact]
    public void Validate_WhenTypeAndValueMissing_ShouldReportBoth()
    {
        Assert.Equal(["discount.type", "discount.value"], Fields(new DiscountDraft()));
    }

    [Fact]
    public void Validate_WhenTypeUnknown_ShouldFailOnType()
    {
        Assert.Equal(["discount.type"], Fields(new DiscountDraft { Type = "bogo", Value = 10 }));
    }

    [Theory]
    [InlineData("0.99", false)]
    [InlineData("1", true)]
    [InlineData("12.75", true)]
    [InlineData("12.755", false)]
    [InlineData("100", true)]
    [InlineData("100.5", false)]
    public void Validate_WhenPercentageValue_ShouldBeOneToHundredWithTwoDecimals(string value, bool valid)
    {
        var fields = Fields(new DiscountDraft { Type = "percentage", Value = decimal.Parse(value, CultureInfo.InvariantCulture) });

        Assert.Equal(valid ? [] : ["discount.value"], fields);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.01", true)]
    [InlineData("250", true)]
    [InlineData("9.999", false)]
    public void Validate_WhenFixedValue_ShouldBePositiveWithTwoDecimals(string value, bool valid)
    {
        var fields = Fields(new DiscountDraft { Type = "fixedAmount", Value = decimal.Parse(value, CultureInfo.InvariantCulture) });

        Assert.Equal(valid ? [] : ["discount.value"], fields);
    }

    [Fact]
    public void Validate_WhenPercentageAppliesOnEachItem_ShouldRefuse()
    {
        Assert.Equal(["discount.appliesOnEachItem"], Fields(new DiscountDraft { Type = "percentage", Value = 10, AppliesOnEachItem = true }));
    }

    [Fact]
    public void Validate_WhenPercentageAppliesOnEachItemFalse_ShouldAccept()
    {
        Assert.Empty(Fields(new DiscountDraft { Type = "percentage", Value = 10, AppliesOnEachItem = false }));
    }
}
