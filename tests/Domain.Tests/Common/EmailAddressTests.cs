using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Common;

/// <summary>The one set of email rules: members, brands' reply-to addresses, email recipients and the SMTP sender all use it.</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("jane.doe+promo@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("  padded@example.com  ")]
    [InlineData("user@bücher.example")]
    [InlineData("user@xn--bcher-kva.example")]
    public void Parse_WhenAddressIsPlainMailbox_ShouldAcceptItAsGiven(string input)
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
    [InlineData("jane.@example.com")]
    [InlineData("jane..doe@example.com")]
    [InlineData("\"jane\"@example.com")]
    [InlineData("Jane <jane@example.com>")]
    [InlineData("jane@localhost")]
    [InlineData("jane@-example.com")]
    [InlineData("jane@example-.com")]
    [InlineData("jane@example..com")]
    [InlineData("jane@example.c")]
    [InlineData("jane@10.0.0.1")]
    [InlineData("jane@[10.0.0.1]")]
    [InlineData("jane@exa_mple.com")]
    [InlineData("jané@example.com")]
    [InlineData("jane@example.com\r\nBcc: x@example.com")]
    [InlineData("jane\n@example.com")]
    [InlineData("ja\u0000ne@example.com")]
    [InlineData("ja\tne@example.com")]
    public void Parse_WhenAddressIsNotAPlainMailbox_ShouldRefuseItNamingTheField(string? input)
    {
        var result = EmailAddress.Parse(input, "members[0].email");

        Assert.False(result.IsValid);
        Assert.Equal("members[0].email", Assert.Single(result.Errors).Field);
        Assert.False(EmailAddress.IsValid(input));
    }

    [Fact]
    public void Parse_WhenALineBreakIsInside_ShouldSaySo()
    {
        var result = EmailAddress.Parse("jane@example.com\r\nBcc: x@example.com");

        Assert.Contains("line breaks", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShouldKeepTheLengthLimitsOfSmtp()
    {
        var domain = "@example.com";
        Assert.True(EmailAddress.IsValid(new string('a', 64) + domain));
        Assert.False(EmailAddress.IsValid(new string('a', 65) + domain));
        Assert.True(EmailAddress.IsValid("a@" + new string('b', 63) + ".com"));
        Assert.False(EmailAddress.IsValid("a@" + new string('b', 64) + ".com"));

        var longest = "a@" + string.Join('.', Enumerable.Repeat(new string('b', 63), 3)) + "." + new string('c', 56) + ".com";
        Assert.Equal(EmailAddress.MaxLength, longest.Length);
        Assert.True(EmailAddress.IsValid(longest));
        Assert.False(EmailAddress.IsValid("a" + longest));
    }

    [Fact]
    public void Parse_WhenTheUnicodeDomainIsLongerInPunycodeThanTheLimit_ShouldRefuseIt()
    {
        // 131 characters as typed, 281 once each label is written in punycode.
        var label = string.Concat(Enumerable.Range(0, 20).Select(i => (char)(0x4E00 + (i * 37))));
        var unicode = "a@" + string.Join('.', Enumerable.Repeat(label, 6)) + ".com";

        Assert.True(unicode.Length <= EmailAddress.MaxLength);
        Assert.False(EmailAddress.IsValid(unicode));
    }

    [Theory]
    [InlineData("Jane@Example.COM", "jane@example.com")]
    [InlineData(" jane@bücher.example ", "jane@xn--bcher-kva.example")]
    [InlineData("JANE@BÜCHER.EXAMPLE", "jane@xn--bcher-kva.example")]
    public void Normalized_ShouldBeLowerCaseWithTheDomainInAscii(string input, string normalized)
    {
        Assert.Equal(normalized, EmailAddress.Parse(input).Value.Normalized);
    }

    [Fact]
    public void Equals_ShouldCompareTheNormalizedFormIgnoringCaseAndIdnSpelling()
    {
        var typed = EmailAddress.Parse("Jane@Bücher.Example").Value;
        var ascii = EmailAddress.Parse("jane@xn--bcher-kva.example").Value;
        var other = EmailAddress.Parse("joan@bücher.example").Value;

        Assert.Equal(typed, ascii);
        Assert.Equal(typed.GetHashCode(), ascii.GetHashCode());
        Assert.NotEqual(typed, other);
        Assert.Single(new HashSet<EmailAddress> { typed, ascii });
    }

    [Fact]
    public void TryParse_ShouldGiveTheAddressOnlyWhenValid()
    {
        Assert.True(EmailAddress.TryParse("jane@example.com", out var address));
        Assert.Equal("jane@example.com", address.Value);
        Assert.False(EmailAddress.TryParse("jane", out _));
    }
}
