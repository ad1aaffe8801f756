using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class PayoutOptionValidationTests
{
    private static Validated<OfferDefinition> Validate(params PayoutOptionDraft?[] options) =>
        OfferValidator.Validate(Drafts.Offer() with { PayoutOptions = options }, "EUR");

    private static Validated<OfferDefinition> ValidateOne(string type, decimal? flatAmount, decimal? percent) =>
        Validate(new PayoutOptionDraft { Label = "Only", Type = type, FlatAmount = flatAmount, Percent = percent });

    [Fact]
    public void Validate_WhenCpaWithAmount_ShouldKeepAmountInShopCurrency()
    {
        var option = Assert.Single(ValidateOne("CPA", 7.5m, null).Value.PayoutOptions);

        Assert.Equal(new PayoutOption("Only", PayoutType.Cpa, new Money(7.5m, "EUR"), null, true), option);
    }

    [Fact]
    public void Validate_WhenCpaCpsWithBoth_ShouldKeepBoth()
    {
        var option = Assert.Single(ValidateOne("CPA_CPS", 2m, 5m).Value.PayoutOptions);

        Assert.Equal(PayoutType.CpaCps, option.Type);
        Assert.Equal(5m, option.Percent);
        Assert.Equal(2m, option.FlatAmount!.Value.Amount);
    }

    [Theory]
    [InlineData("cpa")]
    [InlineData("CPA")]
    [InlineData("cpa-cps")]
    [InlineData("cpaCps")]
    public void Validate_WhenTypeInAnyAcceptedSpelling_ShouldParse(string type)
    {
        var result = ValidateOne(type, 1m, type.Contains("cps", StringComparison.OrdinalIgnoreCase) ? 1m : null);

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("CPC")]
    [InlineData("0")]
    public void Validate_WhenTypeUnknown_ShouldFailOnType(string type)
    {
        Assert.Equal("payoutOptions[0].type", Assert.Single(ValidateOne(type, 1m, null).Errors).Field);
    }

    [Fact]
    public void Validate_WhenTypeMissing_ShouldFailOnType()
    {
        Assert.Equal("payoutOptions[0].type", Assert.Single(ValidateOne(null!, 1m, null).Errors).Field);
    }

    [Theory]
    [InlineData("CPA", null, null, "payoutOptions[0].flatAmount")]
    [InlineData("CPA", 5.0, 10.0, "payoutOptions[0].percent")]
    [InlineData("CPS", null, null, "payoutOptions[0].percent")]
    [InlineData("CPS", 5.0, 10.0, "payoutOptions[0].flatAmount")]
    [InlineData("CPA_CPS", null, 10.0, "payoutOptions[0].flatAmount")]
    [InlineData("CPA_CPS", 5.0, null, "payoutOptions[0].percent")]
    public void Validate_WhenAmountOrPercentMissingOrNotAllowedForType_ShouldFailOnThatField(string type, double? amount, double? percent, string field)
    {
        var result = ValidateOne(type, (decimal?)amount, (decimal?)percent);

        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("0.01", true)]
    [InlineData("10.505", false)]
    [InlineData("10.50", true)]
    public void Validate_WhenFlatAmountGiven_ShouldBePositiveWithTwoDecimals(string amount, bool valid)
    {
        Assert.Equal(valid, ValidateOne("CPA", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), null).IsValid);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.01", true)]
    [InlineData("100", true)]
    [InlineData("100.01", false)]
    [InlineData("12.345", false)]
    public void Validate_WhenPercentGiven_ShouldBeAboveZeroUpToHundred(string percent, bool valid)
    {
        Assert.Equal(valid, ValidateOne("CPS", null, decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture)).IsValid);
    }

    [Fact]
    public void Validate_WhenNoOptions_ShouldFailOnPayoutOptions()
    {
        Assert.Equal("payoutOptions", Assert.Single(Validate().Errors).Field);
    }

    [Fact]
    public void Validate_WhenElevenOptions_ShouldFailOnCount()
    {
        var options = Enumerable.Range(0, 11).Select(i => Drafts.Cps(label: $"Tier {i}", isDefault: i == 0)).ToArray();

        Assert.Contains(Validate(options).Errors, e => e.Field == "payoutOptions" && e.Message.Contains("10", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenTenOptionsWithOneDefault_ShouldAccept()
    {
        var options = Enumerable.Range(0, 10).Select(i => Drafts.Cps(label: $"Tier {i}", isDefault: i == 3)).ToArray();

        Assert.Equal("Tier 3", Validate(options).Value.DefaultPayoutOption.Label);
    }

    [Fact]
    public void Validate_WhenSingleOptionNotMarked_ShouldBecomeDefault()
    {
        Assert.True(Assert.Single(Validate(Drafts.Cps(isDefault: null)).Value.PayoutOptions).IsDefault);
    }

    [Fact]
    public void Validate_WhenSingleOptionMarkedFalse_ShouldStillBecomeDefault()
    {
        Assert.True(Assert.Single(Validate(Drafts.Cps(isDefault: false)).Value.PayoutOptions).IsDefault);
    }

    [Fact]
    public void Validate_WhenSeveralOptionsAndNoDefault_ShouldAskForOne()
    {
        var error = Assert.Single(Validate(Drafts.Cps(label: "A"), Drafts.Cpa(label: "B")).Errors);

        Assert.Equal("payoutOptions", error.Field);
        Assert.Contains("default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTwoDefaults_ShouldRefuse()
    {
        var error = Assert.Single(Validate(Drafts.Cps(label: "A", isDefault: true), Drafts.Cpa(label: "B", isDefault: true)).Errors);

        Assert.Contains("2 are marked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenLabelsRepeatIgnoringCase_ShouldFailOnTheLaterLabel()
    {
        var error = Assert.Single(Validate(Drafts.Cps(label: "Gold", isDefault: true), Drafts.Cpa(label: "GOLD")).Errors);

        Assert.Equal("payoutOptions[1].label", error.Field);
        Assert.Contains("payoutOptions[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenOptionIsNull_ShouldFailAtItsIndex()
    {
        Assert.Contains(Validate(Drafts.Cps(isDefault: true), null).Errors, e => e.Field == "payoutOptions[1]");
    }

    [Fact]
    public void Validate_WhenSecondOptionInvalid_ShouldUseItsIndexInPaths()
    {
        var result = Validate(Drafts.Cps(label: "A", isDefault: true), new PayoutOptionDraft { Label = "B", Type = "CPS", Percent = 150m });

        Assert.Equal("payoutOptions[1].percent", Assert.Single(result.Errors).Field);
    }
}
