using System.Globalization;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Tests.Offers;

public class DiscountTextTests
{
    [Theory]
    [InlineData("10", "10% off")]
    [InlineData("12.5", "12.5% off")]
    [InlineData("12.50", "12.5% off")]
    [InlineData("100", "100% off")]
    public void Describe_WhenPercentage_ShouldShowPercentWithoutTrailingZeros(string value, string expected)
    {
        var discount = new Discount(DiscountType.Percentage, decimal.Parse(value, CultureInfo.InvariantCulture), "USD", false);

        Assert.Equal(expected, discount.Describe());
    }

    [Theory]
    [InlineData("15", "USD", "$15 off")]
    [InlineData("15.00", "USD", "$15 off")]
    [InlineData("15.5", "USD", "$15.50 off")]
    [InlineData("20", "CAD", "CA$20 off")]
    [InlineData("20", "AUD", "A$20 off")]
    [InlineData("7.5", "GBP", "£7.50 off")]
    [InlineData("10", "EUR", "€10 off")]
    [InlineData("15", "CHF", "15.00 CHF off")]
    [InlineData("1500", "JPY", "1500.00 JPY off")]
    public void Describe_WhenFixedAmount_ShouldUseSymbolForKnownCurrenciesElseIsoCode(string value, string currency, string expected)
    {
        var discount = new Discount(DiscountType.FixedAmount, decimal.Parse(value, CultureInfo.InvariantCulture), currency, false);

        Assert.Equal(expected, discount.Describe());
    }
}
