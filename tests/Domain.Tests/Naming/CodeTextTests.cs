using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Naming;

public class CodeTextTests
{
    [Theory]
    [InlineData("john", "JOHN")]
    [InlineData("John Smith", "JOHNSMITH")]
    [InlineData("Zoë", "ZOE")]
    [InlineData("José", "JOSE")]
    [InlineData("Ångström", "ANGSTROM")]
    [InlineData("Çağla", "CAGLA")]
    [InlineData("Łukasz", "LUKASZ")]
    [InlineData("Søren", "SOREN")]
    [InlineData("Strauß", "STRAUSS")]
    [InlineData("Ærø", "AERO")]
    [InlineData("Œuvre", "OEUVRE")]
    [InlineData("Þór", "THOR")]
    [InlineData("Đorđe", "DORDE")]
    [InlineData("Dvořák", "DVORAK")]
    [InlineData("Ĳssel", "IJSSEL")]
    [InlineData("Ｊｏｈｎ１０", "JOHN10")]
    public void Normalize_WhenLatinTextWithDiacritics_ShouldFoldToUpperCaseBaseLetters(string input, string expected)
    {
        Assert.Equal(expected, CodeText.Normalize(input));
    }

    [Fact]
    public void Normalize_WhenCombiningMarksFollowLetters_ShouldDropTheMarks()
    {
        Assert.Equal("ZOE", CodeText.Normalize("Zoe\u0308"));
    }

    [Theory]
    [InlineData("anna 🙂", "ANNA")]
    [InlineData("🔥🔥", "")]
    [InlineData("mary-jane o'neil", "MARYJANEONEIL")]
    [InlineData("@john.doe_fit", "JOHNDOEFIT")]
    [InlineData("  spaced   out  ", "SPACEDOUT")]
    [InlineData("Ивано", "")]
    [InlineData("李小龍", "")]
    [InlineData("5 × 3 ÷ 1", "531")]
    public void Normalize_WhenTextHasSymbolsEmojiOrOtherScripts_ShouldDropThem(string input, string expected)
    {
        Assert.Equal(expected, CodeText.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_WhenEmpty_ShouldReturnEmpty(string? input)
    {
        Assert.Equal(string.Empty, CodeText.Normalize(input));
    }

    [Theory]
    [InlineData("10", "10")]
    [InlineData("10.00", "10")]
    [InlineData("12.5", "125")]
    [InlineData("12.50", "125")]
    [InlineData("15.75", "1575")]
    [InlineData("100", "100")]
    public void Digits_WhenDecimal_ShouldDropSeparatorAndTrailingZeros(string value, string expected)
    {
        Assert.Equal(expected, CodeText.Digits(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("JOHN10", true)]
    [InlineData("john10", false)]
    [InlineData("JOHN-10", false)]
    [InlineData("", false)]
    public void IsCode_WhenChecked_ShouldAcceptOnlyUpperCaseLettersAndDigits(string text, bool expected)
    {
        Assert.Equal(expected, CodeText.IsCode(text));
    }
}
