using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Members;

public class MemberValidatorTests
{
    private static MemberDraft Valid() => new() { Name = "John Smith", Email = "john@example.com" };

    private static string[] Fields(MemberDraft draft) => MemberValidator.Validate(draft).Errors.Select(e => e.Field).ToArray();

    [Fact]
    public void Validate_WhenOnlyNameGiven_ShouldSplitIntoFirstAndLast()
    {
        var profile = MemberValidator.Validate(Valid()).Value;

        Assert.Equal(("John", "Smith"), (profile.FirstName, profile.LastName));
        Assert.Equal("John Smith", profile.Name);
    }

    [Fact]
    public void Validate_WhenOnlyFirstAndLastGiven_ShouldJoinThemIntoName()
    {
        var profile = MemberValidator.Validate(new MemberDraft { FirstName = " Anna ", LastName = "de  Vries", ExternalId = "crm-1" }).Value;

        Assert.Equal("Anna de Vries", profile.Name);
        Assert.Equal("Anna", profile.FirstName);
        Assert.Equal("de Vries", profile.LastName);
    }

    [Fact]
    public void Validate_WhenAllNameFieldsGiven_ShouldKeepThemAsSent()
    {
        var profile = MemberValidator.Validate(new MemberDraft { Name = "Johnny S.", FirstName = "John", LastName = "Smith", Email = "j@example.com" }).Value;

        Assert.Equal(("Johnny S.", "John", "Smith"), (profile.Name, profile.FirstName, profile.LastName));
    }

    [Fact]
    public void Validate_WhenNoNameAtAll_ShouldFailOnName()
    {
        Assert.Equal(["name"], Fields(new MemberDraft { Email = "j@example.com" }));
    }

    [Fact]
    public void Validate_WhenNeitherEmailNorExternalId_ShouldAskForAnIdentity()
    {
        Assert.Equal(["email"], Fields(new MemberDraft { Name = "John" }));
    }

    [Fact]
    public void Validate_WhenExternalIdOnly_ShouldAccept()
    {
        Assert.Empty(Fields(new MemberDraft { Name = "John", ExternalId = "42" }));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("firstName")]
    [InlineData("lastName")]
    [InlineData("email")]
    [InlineData("handle")]
    [InlineData("externalId")]
    public void Validate_WhenAnyFieldHasLineBreak_ShouldFailOnThatField(string field)
    {
        var draft = field switch
        {
            "name" => Valid() with { Name = "John\nSmith" },
            "firstName" => Valid() with { FirstName = "Jo\rhn" },
            "lastName" => Valid() with { LastName = "Sm\nith" },
            "email" => Valid() with { Email = "john@example.com\r\nBcc: x@evil.com" },
            "handle" => Valid() with { Handle = "john\n" + "x" },
            _ => Valid() with { ExternalId = "a\nb" },
        };

        Assert.Contains(field, Fields(draft));
    }

    [Theory]
    [InlineData("john@example.com")]
    [InlineData("john.smith+promo@mail.example.co.uk")]
    [InlineData("JOHN@EXAMPLE.COM")]
    public void Validate_WhenEmailSane_ShouldAccept(string email)
    {
        Assert.Empty(Fields(Valid() with { Email = email }));
    }

    [Theory]
    [InlineData("john")]
    [InlineData("john@")]
    [InlineData("@example.com")]
    [InlineData("john@example")]
    [InlineData("john@@example.com")]
    [InlineData("jo hn@example.com")]
    [InlineData("john@exa_mple.com")]
    [InlineData("john..smith@example.com")]
    [InlineData(".john@example.com")]
    [InlineData("john@-example.com")]
    [InlineData("john@example.c")]
    [InlineData("john@example.123")]
    [InlineData("jöhn@example.com")]
    public void Validate_WhenEmailMalformed_ShouldFailOnEmail(string email)
    {
        Assert.Equal(["email"], Fields(Valid() with { Email = email }));
    }

    [Fact]
    public void Validate_WhenEmailLongerThan254_ShouldFail()
    {
        var email = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".example.com";

        Assert.True(email.Length > 254);
        Assert.Contains("email", Fields(Valid() with { Email = email }));
    }

    [Fact]
    public void Validate_WhenLocalPartLongerThan64_ShouldFail()
    {
        Assert.Equal(["email"], Fields(Valid() with { Email = new string('a', 65) + "@example.com" }));
    }

    [Theory]
    [InlineData("@john.fit", "john.fit")]
    [InlineData("john_fit", "john_fit")]
    [InlineData("  @j-s  ", "j-s")]
    public void Validate_WhenHandleWithOrWithoutAt_ShouldStoreWithoutAt(string handle, string expected)
    {
        Assert.Equal(expected, MemberValidator.Validate(Valid() with { Handle = handle }).Value.Handle);
    }

    [Theory]
    [InlineData("@")]
    [InlineData("john fit")]
    [InlineData("@@john")]
    [InlineData("jöhn")]
    public void Validate_WhenHandleHasOtherCharacters_ShouldFailOnHandle(string handle)
    {
        Assert.Equal(["handle"], Fields(Valid() with { Handle = handle }));
    }

    [Theory]
    [InlineData("name", 200)]
    [InlineData("firstName", 100)]
    [InlineData("lastName", 100)]
    [InlineData("handle", 100)]
    [InlineData("externalId", 100)]
    public void Validate_WhenFieldOneOverItsLimit_ShouldFailOnThatField(string field, int limit)
    {
        var atLimit = new string('a', limit);
        var overLimit = new string('a', limit + 1);
        MemberDraft With(string value) => field switch
        {
            "name" => Valid() with { Name = value },
            "firstName" => Valid() with { FirstName = value },
            "lastName" => Valid() with { LastName = value },
            "handle" => Valid() with { Handle = value },
            _ => Valid() with { ExternalId = value },
        };

        Assert.Empty(Fields(With(atLimit)));
        Assert.Equal([field], Fields(With(overLimit)));
    }

    [Fact]
    public void Validate_WhenManyProblems_ShouldReportThemAll()
    {
        Assert.Equal(["handle", "email", "name"], Fields(new MemberDraft { Handle = "a b" }));
    }

    [Fact]
    public void Identity_WhenExternalIdPresent_ShouldPreferItOverEmail()
    {
        var profile = MemberValidator.Validate(Valid() with { ExternalId = "CRM-7" }).Value;

        Assert.Equal(new MemberIdentityKey("ext:CRM-7"), profile.Identity);
    }

    [Fact]
    public void Identity_WhenOnlyEmail_ShouldBeLowerCasedEmail()
    {
        var profile = MemberValidator.Validate(Valid() with { Email = "John@Example.COM" }).Value;

        Assert.Equal(new MemberIdentityKey("email:john@example.com"), profile.Identity);
    }

    [Fact]
    public void Identity_WhenExternalIdLooksLikeEmail_ShouldNotMatchTheEmailKey()
    {
        Assert.NotEqual(MemberIdentityKey.For("a@b.com", null), MemberIdentityKey.For(null, "a@b.com"));
    }
}
