using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Naming;

public class CodePatternTests
{
    [Fact]
    public void Parse_WhenFirstNameAndDiscount_ShouldGiveTwoSegmentsInOrder()
    {
        var result = CodePattern.Parse("{FIRSTNAME}{DISCOUNT}");

        Assert.True(result.IsValid);
        Assert.Collection(
            result.Pattern!.Segments,
            s => Assert.Equal(new NameSegment(NamePart.FirstName), s),
            s => Assert.IsType<DiscountSegment>(s));
    }

    [Fact]
    public void Parse_WhenLiteralsAndRandom_ShouldUpperCaseLiteralsAndKeepLength()
    {
        var result = CodePattern.Parse("vip{handle}x{RANDOM:4}");

        Assert.True(result.IsValid);
        Assert.Equal("VIP{HANDLE}X{RANDOM:4}", result.Pattern!.Text);
        Assert.Equal(new RandomSegment(4), result.Pattern.Segments[^1]);
    }

    [Theory]
    [InlineData("{firstname}{discount}", "{FIRSTNAME}{DISCOUNT}")]
    [InlineData("{FullName}", "{FULLNAME}")]
    [InlineData("{LASTNAME}2026", "{LASTNAME}2026")]
    public void Parse_WhenTokensInAnyCase_ShouldGiveCanonicalText(string pattern, string expected)
    {
        Assert.Equal(expected, CodePattern.Parse(pattern).Pattern!.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_WhenEmpty_ShouldFailAtPositionZero(string? pattern)
    {
        var result = CodePattern.Parse(pattern);

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Position);
        Assert.Contains("empty", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_WhenUnknownToken_ShouldReportItsPosition()
    {
        var result = CodePattern.Parse("{FIRSTNAME}{NICKNAME}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(11, error.Position);
        Assert.Contains("{NICKNAME}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBraceNeverClosed_ShouldReportTheOpeningBrace()
    {
        var result = CodePattern.Parse("JOHN{FIRSTNAME");

        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Position);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenBraceOpensInsideToken_ShouldReportTheOuterBraceAndContinue()
    {
        var result = CodePattern.Parse("{FIRST{LASTNAME}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Position);
    }

    [Fact]
    public void Parse_WhenClosingBraceWithoutOpening_ShouldReportIt()
    {
        var result = CodePattern.Parse("{HANDLE}}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(8, error.Position);
    }

    [Fact]
    public void Parse_WhenSeveralProblems_ShouldReportAllOfThem()
    {
        var result = CodePattern.Parse("{FOO}-{RANDOM:99}}");

        Assert.Equal([0, 5, 6, 17], result.Errors.Select(e => e.Position));
    }

    [Theory]
    [InlineData("{RANDOM}")]
    [InlineData("{RANDOM:}")]
    [InlineData("{RANDOM:0}")]
    [InlineData("{RANDOM:13}")]
    [InlineData("{RANDOM:x}")]
    [InlineData("{RANDOM:-1}")]
    public void Parse_WhenRandomLengthMissingOrOutOfRange_ShouldFail(string pattern)
    {
        var error = Assert.Single(CodePattern.Parse(pattern).Errors);

        Assert.Contains("RANDOM", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public void Parse_WhenRandomLengthAtBounds_ShouldAccept(int length)
    {
        Assert.True(CodePattern.Parse($"{{RANDOM:{length}}}").IsValid);
    }

    [Fact]
    public void Parse_WhenEmptyToken_ShouldFail()
    {
        Assert.Contains("Empty token", Assert.Single(CodePattern.Parse("{}{HANDLE}").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenNameTokenHasArgument_ShouldFail()
    {
        Assert.Contains("no ':' argument", Assert.Single(CodePattern.Parse("{FIRSTNAME:3}").Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUMMER")]
    [InlineData("{DISCOUNT}")]
    [InlineData("SALE{DISCOUNT}")]
    public void Parse_WhenNoMemberOrRandomToken_ShouldFailBecauseEveryoneGetsTheSameCode(string pattern)
    {
        var error = Assert.Single(CodePattern.Parse(pattern).Errors);

        Assert.Contains("same code", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{FIRSTNAME}-{DISCOUNT}", 11)]
    [InlineData("{FIRSTNAME} {DISCOUNT}", 11)]
    [InlineData("ÉT{HANDLE}", 0)]
    public void Parse_WhenLiteralHasCharacterOutsideCodeAlphabet_ShouldFailAtThatCharacter(string pattern, int position)
    {
        Assert.Equal(position, Assert.Single(CodePattern.Parse(pattern).Errors).Position);
    }

    [Fact]
    public void Parse_WhenLongerThanLimit_ShouldFail()
    {
        var pattern = "{HANDLE}" + new string('A', CodePattern.MaxPatternLength);

        Assert.False(CodePattern.Parse(pattern).IsValid);
    }

    [Fact]
    public void MinimumLength_WhenPatternMixesParts_ShouldCountFixedPartsAndOnePerNameToken()
    {
        var pattern = CodePattern.Parse("VIP{FIRSTNAME}{DISCOUNT}{RANDOM:3}").Pattern!;

        Assert.Equal(3 + 1 + 2 + 3, pattern.MinimumLength("15"));
    }
}
