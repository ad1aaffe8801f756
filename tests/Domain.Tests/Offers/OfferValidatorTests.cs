using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class OfferValidatorTests
{
    private static string[] ErrorFields(OfferDraft draft) =>
        OfferValidator.Validate(draft, "USD").Errors.Select(e => e.Field).ToArray();

    [Fact]
    public void Validate_WhenDraftComplete_ShouldGiveDefinitionWithTrimmedTextAndDefaults()
    {
        var draft = Drafts.Offer() with { Name = "  Summer Sale  ", HoldingPeriodDays = null, Restrictions = null };

        var definition = OfferValidator.Validate(draft, "USD").Value;

        Assert.Equal("Summer Sale", definition.Name);
        Assert.Equal(30, definition.HoldingPeriodDays);
        Assert.Null(definition.UsageLimitPerCode);
        Assert.Equal(PurchaseRestrictions.None, definition.Restrictions);
        Assert.Equal("{FIRSTNAME}{DISCOUNT}", definition.NamingStrategy.Pattern.Text);
        Assert.True(definition.DefaultPayoutOption.IsDefault);
    }

    [Fact]
    public void Validate_WhenDraftIsNull_ShouldFail()
    {
        Assert.False(OfferValidator.Validate(null, "USD").IsValid);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("")]
    public void Validate_WhenShopCurrencyMalformed_ShouldThrowBecauseItIsAProgrammingError(string currency)
    {
        Assert.Throws<ArgumentException>(() => OfferValidator.Validate(Drafts.Offer(), currency));
    }

    [Fact]
    public void Validate_WhenEmptyDraft_ShouldReportEveryRequiredFieldAtOnce()
    {
        Assert.Equal(["name", "groupName", "payoutOptions", "discount"], ErrorFields(new OfferDraft()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_WhenNameMissing_ShouldFailOnName(string? name)
    {
        Assert.Equal(["name"], ErrorFields(Drafts.Offer() with { Name = name }));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_WhenNameLengthAtLimit_ShouldAllowHundredCharacters(int length, bool valid)
    {
        Assert.Equal(valid, OfferValidator.Validate(Drafts.Offer() with { Name = new string('n', length) }, "USD").IsValid);
    }

    [Fact]
    public void Validate_WhenNameHasLineBreak_ShouldFailOnName()
    {
        Assert.Equal(["name"], ErrorFields(Drafts.Offer() with { Name = "Summer\r\nSale" }));
    }

    [Theory]
    [InlineData(2000, true)]
    [InlineData(2001, false)]
    public void Validate_WhenDescriptionLength_ShouldAllowUpToTwoThousand(int length, bool valid)
    {
        Assert.Equal(valid, OfferValidator.Validate(Drafts.Offer() with { Description = new string('d', length) }, "USD").IsValid);
    }

    [Fact]
    public void Validate_WhenDescriptionHasLineBreaksOrIsBlank_ShouldAcceptAndDropBlank()
    {
        Assert.Equal("Line one\nLine two", OfferValidator.Validate(Drafts.Offer() with { Description = "Line one\nLine two" }, "USD").Value.Description);
        Assert.Null(OfferValidator.Validate(Drafts.Offer() with { Description = "   " }, "USD").Value.Description);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void Validate_WhenGroupNameMissingOrLong_ShouldFailOnGroupName(int? length, bool valid)
    {
        var groupName = length is null ? null : new string('g', length.Value);

        Assert.Equal(valid ? [] : ["groupName"], ErrorFields(Drafts.Offer() with { GroupName = groupName }));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1_000_000, true)]
    [InlineData(1_000_001, false)]
    public void Validate_WhenUsageLimitPerCodeGiven_ShouldBeOneToAMillion(int limit, bool valid)
    {
        Assert.Equal(valid ? [] : ["usageLimitPerCode"], ErrorFields(Drafts.Offer() with { UsageLimitPerCode = limit }));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void Validate_WhenHoldingPeriodGiven_ShouldBeZeroToAYear(int days, bool valid)
    {
        Assert.Equal(valid ? [] : ["holdingPeriodDays"], ErrorFields(Drafts.Offer() with { HoldingPeriodDays = days }));
    }

    [Fact]
    public void Validate_WhenNamingStrategyInvalid_ShouldPrefixPathsWithNamingStrategy()
    {
        var draft = Drafts.Offer() with { NamingStrategy = new NamingStrategyDraft { Pattern = "{X}", MaxAttempts = 99 } };

        Assert.Equal(["namingStrategy.pattern", "namingStrategy.maxAttempts"], ErrorFields(draft));
    }

    [Fact]
    public void Validate_WhenNamingStrategyOmitted_ShouldUseDefaultPreset()
    {
        var definition = OfferValidator.Validate(Drafts.Offer() with { NamingStrategy = null }, "USD").Value;

        Assert.Equal(NamingPresets.FirstNameDiscount, definition.NamingStrategy.Preset);
    }

    [Fact]
    public void Validate_WhenDiscountTooLongForPatternAndMaxLength_ShouldFailOnMaxLength()
    {
        var draft = Drafts.Offer() with
        {
            NamingStrategy = new NamingStrategyDraft { Pattern = "SUMMER{FIRSTNAME}{DISCOUNT}", MaxLength = 10 },
            Discount = new DiscountDraft { Type = "fixedAmount", Value = 12.25m },
        };

        Assert.Equal(["namingStrategy.maxLength"], ErrorFields(draft));
    }

    [Fact]
    public void Validate_WhenManyThingsWrong_ShouldCollectAllErrors()
    {
        var draft = Drafts.Offer() with
        {
            Name = "",
            PayoutOptions = [new PayoutOptionDraft { Type = "CPS" }],
            Discount = new DiscountDraft { Type = "percentage", Value = 0 },
            Restrictions = new RestrictionsDraft { MinimumQuantity = 0 },
            HoldingPeriodDays = 400,
        };

        Assert.Equal(
            ["name", "payoutOptions[0].label", "payoutOptions[0].percent", "discount.value", "restrictions.minimumQuantity", "holdingPeriodDays"],
            ErrorFields(draft));
    }

    [Theory]
    [InlineData("Summer Sale", "  summer sale ")]
    [InlineData("SUMMER SALE", "Summer Sale")]
    public void NameKey_WhenNamesDifferOnlyByCaseOrSpaces_ShouldBeEqual(string first, string second)
    {
        Assert.Equal(OfferName.UniquenessKey(first), OfferName.UniquenessKey(second));
    }

    [Fact]
    public void NameKey_WhenNamesDiffer_ShouldDiffer()
    {
        Assert.NotEqual(OfferName.UniquenessKey("Summer Sale"), OfferName.UniquenessKey("Summer Sale 2"));
    }
}
