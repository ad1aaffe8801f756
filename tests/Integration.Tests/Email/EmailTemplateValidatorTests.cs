using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Integration.Tests.Email;

public sealed class EmailTemplateValidatorTests
{
    private static readonly EmailTemplateValidator Validator = new(new LiquidSandbox(new TemplateSandboxOptions()));

    private static IReadOnlyList<TemplateIssue> ValidateHtml(string html) =>
        Validator.Validate(new EmailTemplate("Subject", html, "Text"));

    [Fact]
    public void Validate_WhenDefaultTemplate_ShouldFindNothing()
    {
        Assert.Empty(Validator.Validate(EmailTemplate.Default));
    }

    [Fact]
    public void Validate_WhenUnknownMemberField_ShouldReportItWithLineAndColumn()
    {
        var issue = Assert.Single(ValidateHtml("<p>Hello</p>\n<p>Hi {{ member.foo }}</p>"));

        Assert.Equal(TemplatePart.HtmlBody, issue.Part);
        Assert.Equal((2, 10), (issue.Line, issue.Column));
        Assert.StartsWith("Unknown variable 'member.foo'.", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenUnknownRootInsideTags_ShouldReportEachWithPosition()
    {
        var issues = ValidateHtml("{% if coupon %}\n  {{ brand.name }} {{ customer.name | upcase }}\n{% endif %}");

        Assert.Collection(
            issues,
            first => Assert.Equal((1, 7, "coupon"), (first.Line, first.Column, Quoted(first.Message))),
            second => Assert.Equal((2, 23, "customer"), (second.Line, second.Column, Quoted(second.Message))));
    }

    [Fact]
    public void Validate_WhenForLoopSourceIsUnknown_ShouldLocateIt()
    {
        var issue = Assert.Single(ValidateHtml("line\n{% for x in products %}{{ x.title }}{% endfor %}"));

        Assert.Equal((2, 13, "products"), (issue.Line, issue.Column, Quoted(issue.Message)));
    }

    [Fact]
    public void Validate_WhenVariablesAreAssignedOrLooped_ShouldAcceptThem()
    {
        var html = "{% assign greeting = 'Hi' %}{% capture who %}{{ member.first_name }}{% endcapture %}" +
                   "{% for i in (1..3) %}{{ forloop.index }}{{ i }}{% endfor %}{{ greeting }} {{ who }} {{ code.size }} {{ member['email'] }}";

        Assert.Empty(ValidateHtml(html));
    }

    [Fact]
    public void Validate_WhenScalarHasUnknownMember_ShouldReportIt()
    {
        var issue = Assert.Single(ValidateHtml("{{ code.value }}"));

        Assert.Equal("code.value", Quoted(issue.Message));
    }

    [Fact]
    public void Validate_WhenSyntaxError_ShouldReportLineAndColumn()
    {
        var issue = Assert.Single(ValidateHtml("<p>ok</p>\n<p>{% if member.name %}x</p>"));

        Assert.Equal(TemplatePart.HtmlBody, issue.Part);
        Assert.Equal(2, issue.Line);
        Assert.True(issue.Column > 1);
    }

    [Fact]
    public void Validate_WhenUnclosedOutput_ShouldReportWhereTheTagShouldEnd()
    {
        var issue = Assert.Single(Validator.Validate(new EmailTemplate("Hi {{ member.name", "h", "t")));

        Assert.Equal((TemplatePart.Subject, 1, 18), (issue.Part, issue.Line, issue.Column));
    }

    [Theory]
    [InlineData("{% include 'header' %}")]
    [InlineData("{% render 'footer' %}")]
    public void Validate_WhenTemplateReadsFiles_ShouldRefuseTheTag(string html)
    {
        var issue = Assert.Single(ValidateHtml(html));

        Assert.Contains("Unknown tag", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenFilterIsUnknownOrRaw_ShouldReportIt()
    {
        var issues = ValidateHtml("{{ code | shout }} {{ member.name | raw }}");

        Assert.Equal(["Unknown filter 'shout'.", "Unknown filter 'raw'."], issues.Select(i => i.Message));
    }

    [Fact]
    public void Validate_WhenLiteralRangeIsTooLarge_ShouldReportIt()
    {
        var issue = Assert.Single(ValidateHtml("{% for i in (1..100000000) %}x{% endfor %}"));

        Assert.Contains("at most 1000 items", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenBlocksNestTooDeep_ShouldRefuseBeforeParsing()
    {
        var html = string.Concat(Enumerable.Repeat("{% if code %}", 3_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 3_000));

        var issue = Assert.Single(ValidateHtml(html));

        Assert.Contains("nested more than", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenSubjectHasLineBreak_ShouldReportIt()
    {
        var issue = Assert.Single(Validator.Validate(new EmailTemplate("Hi\n{{ code }}", "h", "t")));

        Assert.Equal((TemplatePart.Subject, 1, 3), (issue.Part, issue.Line, issue.Column));
    }

    [Fact]
    public void ValidateForSave_WhenInvalid_ShouldNameTheRequestField()
    {
        var result = Validator.ValidateForSave(new EmailTemplate("{{ nope }}", "h", ""));

        Assert.Equal(["subject", "textBody"], result.Errors.Select(e => e.Field));
        Assert.StartsWith("Line 1, column 4: Unknown variable 'nope'.", result.Errors[0].Message, StringComparison.Ordinal);
    }

    private static string Quoted(string message) => message.Split('\'')[1];
}
