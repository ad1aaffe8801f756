using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("jane.doe+promo@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("  padded@example.com  ")]
    [InlineData("user@bücher.example")]
    public void Parse_WhenAddressIsPlainMailbox_ShouldAcceptIt(string input)
    {
        var result = EmailAddress.Parse(input);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(input.Trim(), result.Value.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jane")]
    [InlineData("@example.com")]
    [InlineData("jane@")]
    [InlineData("jane@@example.com")]
    [InlineData("jane@doe@example.com")]
    [InlineData("jane doe@example.com")]
    [InlineData(".jane@example.com")]
    [InlineData("jane..doe@example.com")]
    [InlineData("\"jane\"@example.com")]
    [InlineData("Jane <jane@example.com>")]
    [InlineData("jane@localhost")]
    [InlineData("jane@-example.com")]
    [InlineData("jane@example..com")]
    [InlineData("jané@example.com")]
    [InlineData("jane@example.com\r\nBcc: x@example.com")]
    public void Parse_WhenAddressIsNotAPlainMailbox_ShouldRefuseIt(string? input)
    {
        var result = EmailAddress.Parse(input, "members[0].email");

        Assert.False(result.IsValid);
        Assert.Equal("members[0].email", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_WhenTooLong_ShouldRefuseIt()
    {
        Assert.False(EmailAddress.IsValid(new string('a', 65) + "@example.com"));
        Assert.False(EmailAddress.IsValid("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".com"));
    }
}
