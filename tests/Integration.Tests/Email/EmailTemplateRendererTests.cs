using System.Diagnostics;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Integration.Tests.Email;

public sealed class EmailTemplateRendererTests
{
    private static EmailTemplateRenderer Renderer(TemplateSandboxOptions? limits = null) =>
        new(new LiquidSandbox(limits ?? new TemplateSandboxOptions()));

    private static async Task<RenderedEmail> RenderedAsync(EmailTemplateRenderer renderer, EmailTemplate template, EmailTemplateModel model)
    {
        var result = await renderer.RenderAsync(template, model);
        return Assert.IsType<TemplateRenderResult.Rendered>(result).Email;
    }

    [Fact]
    public async Task RenderAsync_WhenDefaultTemplate_ShouldGreetByFirstNameWithCodeDiscountAndDates()
    {
        var email = await RenderedAsync(Renderer(), EmailTemplate.Default, TemplateModels.For());

        Assert.Equal("Your Glow Co code: JANE10", email.Subject);
        Assert.StartsWith("<p>Hi Jane,</p>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<strong>JANE10</strong>. It gives your audience 10% off.", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("It works from June 5, 2026 until June 30, 2026 at <a href=\"https://glow.example.test\">", email.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("Hi Jane,", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Your personal code for Summer Glow is JANE10", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenNoEndDate_ShouldLeaveOutUntil()
    {
        var model = TemplateModels.For() with { EndsAt = null };

        var email = await RenderedAsync(Renderer(), EmailTemplate.Default, model);

        Assert.Contains("It works from June 5, 2026 at ", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("until", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenMemberNameIsMarkup_ShouldEncodeItInHtmlOnly()
    {
        var template = new EmailTemplate("Hello {{ member.name }}", "<p>Hello {{ member.name }}</p>", "Hello {{ member.name }}");
        var model = TemplateModels.For(name: "<script>alert('x')</script> & Zoë");

        var email = await RenderedAsync(Renderer(), template, model);

        Assert.Equal("<p>Hello &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Zoë</p>", email.HtmlBody);
        Assert.Equal("Hello <script>alert('x')</script> & Zoë", email.Subject);
        Assert.Equal("Hello <script>alert('x')</script> & Zoë", email.TextBody);
    }

    [Fact]
    public async Task RenderAsync_WhenTemplateUsesRawFilter_ShouldStillEncode()
    {
        var template = new EmailTemplate("s", "{{ member.name | raw }}", "t");

        var email = await RenderedAsync(Renderer(), template, TemplateModels.For(name: "<b>x</b>"));

        Assert.Equal("&lt;b&gt;x&lt;/b&gt;", email.HtmlBody);
    }

    [Fact]
    public async Task RenderAsync_WhenEveryVariableIsUsed_ShouldResolveEachOne()
    {
        var names = TemplateVariables.Roots.SelectMany(root => root.Value.Count == 0 ? [root.Key] : root.Value.Select(field => $"{root.Key}.{field}"));
        var body = string.Join("|", names.Select(name => "{{ " + name + " }}"));
        var template = new EmailTemplate("s", body, body);

        var email = await RenderedAsync(Renderer(), template, TemplateModels.For() with { PreviousCode = "JANE5" });

        Assert.DoesNotContain("||", email.TextBody, StringComparison.Ordinal);
        Assert.Equal(
            "Jane Doe|Jane|Doe|jane@example.test|@janedoe|JANE10|June 5, 2026|June 30, 2026|Summer Glow|Our summer range|10% off|Glow Co|https://glow.example.test|JANE5",
            email.TextBody);
    }

    [Fact]
    public async Task RenderAsync_WhenLoopRangeIsHuge_ShouldFailQuicklyWithoutBuildingIt()
    {
        var template = new EmailTemplate("s", "{% for i in (1..100000000) %}{{ i }}{% endfor %}", "t");
        var watch = Stopwatch.StartNew();

        var result = await Renderer().RenderAsync(template, TemplateModels.For());

        var failed = Assert.IsType<TemplateRenderResult.Failed>(result);
        Assert.Equal(TemplatePart.HtmlBody, failed.Part);
        Assert.Contains("range", failed.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RenderAsync_WhenNestedLoopsExceedSteps_ShouldFailQuickly()
    {
        var template = new EmailTemplate("s", "t", "{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}");
        var watch = Stopwatch.StartNew();

        var result = await Renderer().RenderAsync(template, TemplateModels.For());

        var failed = Assert.IsType<TemplateRenderResult.Failed>(result);
        Assert.Equal(TemplatePart.TextBody, failed.Part);
        Assert.Contains("loop steps", failed.Reason, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RenderAsync_WhenOutputExceedsCap_ShouldFail()
    {
        var limits = new TemplateSandboxOptions { MaxOutputChars = 1_000 };
        var template = new EmailTemplate("s", "{% for i in (1..500) %}{{ code }}{% endfor %}", "t");

        var result = await Renderer(limits).RenderAsync(template, TemplateModels.For());

        var failed = Assert.IsType<TemplateRenderResult.Failed>(result);
        Assert.Contains("longer than 1000 characters", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenAssignDoublesAString_ShouldStopAtTheCap()
    {
        var limits = new TemplateSandboxOptions { MaxOutputChars = 10_000 };
        var template = new EmailTemplate("s", "{% assign s = code %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}done", "t");

        var result = await Renderer(limits).RenderAsync(template, TemplateModels.For());

        var failed = Assert.IsType<TemplateRenderResult.Failed>(result);
        Assert.Contains("at most 10000 characters", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenTemplateHasSyntaxError_ShouldFailWithPosition()
    {
        var template = new EmailTemplate("Hi {{ member.name", "h", "t");

        var result = await Renderer().RenderAsync(template, TemplateModels.For());

        var failed = Assert.IsType<TemplateRenderResult.Failed>(result);
        Assert.Equal(TemplatePart.Subject, failed.Part);
        Assert.Contains("(1:", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenRenderedTwice_ShouldParseOnce()
    {
        var sandbox = new LiquidSandbox(new TemplateSandboxOptions());
        var renderer = new EmailTemplateRenderer(sandbox);

        await RenderedAsync(renderer, EmailTemplate.Default, TemplateModels.For());
        await RenderedAsync(renderer, EmailTemplate.Default, TemplateModels.For(name: "Bob Ray", code: "BOB10"));

        Assert.Equal(3, sandbox.CachedParts);
    }
}
