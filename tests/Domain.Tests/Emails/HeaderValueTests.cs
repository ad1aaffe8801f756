using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class HeaderValueTests
{
    [Theory]
    [InlineData("Your code\r\nBcc: victim@example.com")]
    [InlineData("Your code\nBcc: victim@example.com")]
    [InlineData("Your code\r")]
    [InlineData("Null\0byte")]
    [InlineData("Next\u0085line")]
    public void Check_WhenValueHasLineBreakOrControlCharacter_ShouldRefuseIt(string value)
    {
        var result = HeaderValue.Check("subject", value);

        Assert.False(result.IsValid);
        Assert.Equal("subject", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("Your Glow Co code: JANE10")]
    [InlineData("Zoë Łukasiewicz 山田")]
    [InlineData("Tabs\tare fine")]
    [InlineData("")]
    public void Check_WhenValueIsOneLine_ShouldAcceptIt(string value)
    {
        Assert.True(HeaderValue.IsSafe(value));
    }

    [Fact]
    public void Check_WhenValueIsMissing_ShouldRefuseIt()
    {
        Assert.False(HeaderValue.Check("subject", null).IsValid);
    }
}
