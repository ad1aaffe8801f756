using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Naming;

public class CodeOverrideTests
{
    [Theory]
    [InlineData("JOHN10", "JOHN10")]
    [InlineData("john10", "JOHN10")]
    [InlineData("  Summer25 ", "SUMMER25")]
    public void Validate_WhenOnlyCaseOrSurroundingSpacesDiffer_ShouldAcceptUpperCased(string input, string expected)
    {
        Assert.Equal(expected, CodeOverride.Validate(input).Value);
    }

    [Theory]
    [InlineData("JOHN-10", "JOHN10")]
    [InlineData("Zoë15", "ZOE15")]
    [InlineData("john 10", "JOHN10")]
    public void Validate_WhenOtherCharactersWouldChange_ShouldRefuseWithSuggestion(string input, string suggestion)
    {
        var error = Assert.Single(CodeOverride.Validate(input).Errors);

        Assert.Equal("code", error.Field);
        Assert.Contains($"did you mean {suggestion}?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenNothingUsable_ShouldRefuseWithoutSuggestion()
    {
        var errors = CodeOverride.Validate("🔥🔥🔥").Errors;

        Assert.DoesNotContain(errors, e => e.Message.Contains("did you mean", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_WhenMissing_ShouldAskForACode(string? input)
    {
        Assert.Equal("Enter a code.", Assert.Single(CodeOverride.Validate(input).Errors).Message);
    }

    [Theory]
    [InlineData("AB", false)]
    [InlineData("ABC", true)]
    [InlineData("ABCDEFGHIJ", true)]
    [InlineData("ABCDEFGHIJK", false)]
    public void Validate_WhenLengthOutsideThreeToMax_ShouldRefuse(string input, bool valid)
    {
        Assert.Equal(valid, CodeOverride.Validate(input, maxLength: 10).IsValid);
    }

    [Fact]
    public void Validate_WhenLineBreakInside_ShouldRefuse()
    {
        Assert.False(CodeOverride.Validate("JOHN\n10").IsValid);
    }
}
