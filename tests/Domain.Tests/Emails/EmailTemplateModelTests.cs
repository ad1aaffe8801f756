using System.Text;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class EmailTemplateModelTests
{
    [Fact]
    public void Create_WhenDatesGiven_ShouldFormatThemInTheBrandsZoneAndLocale()
    {
        var dates = ActiveDateFormatter.Create("Europe/Paris", "fr-FR").Value;

        var model = EmailTemplateModel.Create(
            TemplateMember.FromFullName("Jeanne Dupont", "jeanne@example.test"),
            "JEANNE10",
            new DateTimeOffset(2026, 6, 4, 22, 0, 0, TimeSpan.Zero),
            endsAt: null,
            new TemplateOffer("Été", "Gamme d'été", "10% off"),
            new TemplateBrand("Glow", "https://glow.example.test"),
            dates);

        Assert.Equal("5 juin 2026", model.StartsAt);
        Assert.Null(model.EndsAt);
        Assert.Equal(("Jeanne", "Dupont"), (model.Member.FirstName, model.Member.LastName));
    }

    [Theory]
    [InlineData("Jane Doe", "Jane", "Doe")]
    [InlineData("  Mary Ann  Smith ", "Mary", "Ann  Smith")]
    [InlineData("Cher", "Cher", "")]
    public void FromFullName_WhenNameHasSpaces_ShouldSplitAtTheFirst(string name, string first, string last)
    {
        var member = TemplateMember.FromFullName(name, "x@example.test");

        Assert.Equal((first, last), (member.FirstName, member.LastName));
    }

    [Fact]
    public void Roots_ShouldNameEveryPropertyOfTheModelInSnakeCase()
    {
        static IEnumerable<string> Names(Type type) => type.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => SnakeCase(p.Name));

        var expected = new Dictionary<string, string[]>
        {
            ["member"] = [.. Names(typeof(TemplateMember))],
            ["offer"] = [.. Names(typeof(TemplateOffer))],
            ["brand"] = [.. Names(typeof(TemplateBrand))],
        };

        Assert.Equal(Names(typeof(EmailTemplateModel)).Order(), TemplateVariables.Roots.Keys.Order());
        foreach (var (root, fields) in expected)
        {
            Assert.Equal(fields.Order(), TemplateVariables.Roots[root].Order());
        }
    }

    [Fact]
    public void Default_ShouldUseOnlyKnownVariablesAndGreetByFirstNameWithCodeAndDates()
    {
        foreach (var part in new[] { EmailTemplate.Default.HtmlBody, EmailTemplate.Default.TextBody })
        {
            Assert.Contains("{{ member.first_name", part, StringComparison.Ordinal);
            Assert.Contains("{{ code }}", part, StringComparison.Ordinal);
            Assert.Contains("{{ starts_at }}", part, StringComparison.Ordinal);
            Assert.Contains("{{ ends_at }}", part, StringComparison.Ordinal);
            Assert.Contains("{{ offer.discount }}", part, StringComparison.Ordinal);
        }

        Assert.Contains("{{ code }}", EmailTemplate.Default.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("member", "first_name", true)]
    [InlineData("member", "foo", false)]
    [InlineData("brand", "shop_url", true)]
    [InlineData("code", "size", false)]
    [InlineData("customer", "name", false)]
    public void IsField_WhenAsked_ShouldKnowTheModel(string root, string field, bool expected)
    {
        Assert.Equal(expected, TemplateVariables.IsField(root, field));
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
