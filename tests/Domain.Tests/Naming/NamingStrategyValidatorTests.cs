using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Naming;

public class NamingStrategyValidatorTests
{
    [Fact]
    public void Validate_WhenDraftIsNull_ShouldGiveDefaultStrategy()
    {
        var strategy = NamingStrategyValidator.Validate(null).Value;

        Assert.Equal("{FIRSTNAME}{DISCOUNT}", strategy.Pattern.Text);
        Assert.Equal(NamingPresets.FirstNameDiscount, strategy.Preset);
        Assert.Equal(CollisionPolicy.NumericSuffix, strategy.CollisionPolicy);
        Assert.Equal(10, strategy.MaxAttempts);
        Assert.Equal(32, strategy.MaxLength);
    }

    [Fact]
    public void Validate_WhenOnlyPattern_ShouldUseItWithoutPreset()
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Pattern = "{handle}vip" }).Value;

        Assert.Equal("{HANDLE}VIP", strategy.Pattern.Text);
        Assert.Null(strategy.Preset);
    }

    [Fact]
    public void Validate_WhenPatternAndMatchingPreset_ShouldAccept()
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "handleDiscount", Pattern = "{HANDLE}{DISCOUNT}" });

        Assert.Equal("handleDiscount", result.Value.Preset);
    }

    [Fact]
    public void Validate_WhenPatternDiffersFromPreset_ShouldFailOnPreset()
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "handleDiscount", Pattern = "{FIRSTNAME}" });

        Assert.Equal("preset", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_WhenNeitherPatternNorPreset_ShouldFailOnPattern()
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { CollisionPolicy = "randomSuffix" });

        Assert.Equal("pattern", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_WhenUnknownPreset_ShouldListKnownPresets()
    {
        var error = Assert.Single(NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "nickname" }).Errors);

        Assert.Equal("preset", error.Field);
        Assert.Contains("firstNameDiscount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenPatternInvalid_ShouldReportEachParseErrorOnPattern()
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Pattern = "{FOO}{BAR}" });

        Assert.Equal(["pattern", "pattern"], result.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("numericSuffix", CollisionPolicy.NumericSuffix)]
    [InlineData("numeric-suffix", CollisionPolicy.NumericSuffix)]
    [InlineData("RANDOM_SUFFIX", CollisionPolicy.RandomSuffix)]
    [InlineData("randomSuffix", CollisionPolicy.RandomSuffix)]
    public void Validate_WhenCollisionPolicySpelledAnyAcceptedWay_ShouldParse(string text, CollisionPolicy expected)
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstName", CollisionPolicy = text }).Value;

        Assert.Equal(expected, strategy.CollisionPolicy);
    }

    [Theory]
    [InlineData("suffix")]
    [InlineData("1")]
    [InlineData("")]
    public void Validate_WhenCollisionPolicyUnknown_ShouldFail(string text)
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstName", CollisionPolicy = text });

        Assert.Equal("collisionPolicy", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(20, true)]
    [InlineData(21, false)]
    public void Validate_WhenMaxAttemptsGiven_ShouldBeBoundedOneToTwenty(int maxAttempts, bool valid)
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstName", MaxAttempts = maxAttempts });

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal("maxAttempts", Assert.Single(result.Errors).Field);
        }
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void Validate_WhenMaxLengthGiven_ShouldBeBoundedBySixAndShopifyLimit(int maxLength, bool valid)
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstName", MaxLength = maxLength });

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Validate_WhenEverythingWrong_ShouldReportEveryField()
    {
        var result = NamingStrategyValidator.Validate(new NamingStrategyDraft { Pattern = "", CollisionPolicy = "x", MaxAttempts = 0, MaxLength = 1 });

        Assert.Equal(["pattern", "collisionPolicy", "maxAttempts", "maxLength"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void CheckFits_WhenFixedPartsAndSuffixExceedMaxLength_ShouldExplain()
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Pattern = "{FIRSTNAME}{RANDOM:4}", MaxLength = 6, CollisionPolicy = "randomSuffix" }).Value;

        Assert.NotNull(strategy.CheckFits("10"));
    }

    [Fact]
    public void CheckFits_WhenRoomForSuffix_ShouldReturnNull()
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstNameDiscount", MaxLength = 6 }).Value;

        Assert.Null(strategy.CheckFits("100"));
    }
}
