using System.Net;
using System.Net.Http.Json;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class EmailTemplateApiTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<TemplateResponse> GetTemplateAsync(TestBrand brand)
    {
        var answer = await brand.Client.GetJsonAsync("api/v1/email-template");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.AsExactly<TemplateResponse>();
    }

    [Fact]
    public async Task GetTemplate_WhenBrandHasSavedNone_ShouldAnswerTheDefault()
    {
        using var brand = await stack.CreateBrandAsync();

        var template = await GetTemplateAsync(brand);

        Assert.Equal(new TemplateResponse(EmailTemplate.Default.Subject, EmailTemplate.Default.HtmlBody, EmailTemplate.Default.TextBody, IsDefault: true), template);
    }

    [Fact]
    public async Task PutTemplate_WhenValid_ShouldBeWhatGetAnswersUntilReset()
    {
        using var brand = await stack.CreateBrandAsync();
        var saved = new { subject = "{{ member.first_name }}, your code", htmlBody = "<p>{{ code }}</p>", textBody = "Code: {{ code }}" };

        using var put = await brand.Client.PutAsJsonAsync("api/v1/email-template", saved, Cancel);
        var read = await GetTemplateAsync(brand);
        using var reset = await brand.Client.DeleteAsync("api/v1/email-template", Cancel);
        var afterReset = await GetTemplateAsync(brand);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotNull(put.Headers.ETag);
        Assert.Equal(new TemplateResponse(saved.subject, saved.htmlBody, saved.textBody, IsDefault: false), read);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.True(afterReset.IsDefault);
    }

    [Fact]
    public async Task PutTemplate_WhenInvalid_ShouldAnswer400WithLineAndColumnAndKeepTheOldTemplate()
    {
        using var brand = await stack.CreateBrandAsync();
        var invalid = new { subject = "Hi {{ member.nickname }}", htmlBody = "<p>ok</p>\n<p>{% if code %}</p>", textBody = "{{ code }}" };

        var answer = await brand.Client.SendAsync(HttpMethod.Put, "api/v1/email-template", invalid);
        var read = await GetTemplateAsync(brand);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var errors = answer.As<ApiProblem>().Errors!;
        Assert.StartsWith("Line 1, column 7:", errors["subject"][0], StringComparison.Ordinal);
        Assert.Contains("member.nickname", errors["subject"][0], StringComparison.Ordinal);
        Assert.StartsWith("Line 2,", errors["htmlBody"][0], StringComparison.Ordinal);
        Assert.True(read.IsDefault);
    }

    [Fact]
    public async Task PutTemplate_WhenIfMatchIsStale_ShouldAnswer412()
    {
        using var brand = await stack.CreateBrandAsync();
        var template = new { subject = "Code {{ code }}", htmlBody = "<p>{{ code }}</p>", textBody = "{{ code }}" };
        using var first = await brand.Client.PutAsJsonAsync("api/v1/email-template", template, Cancel);
        using var second = await brand.Client.PutAsJsonAsync("api/v1/email-template", template, Cancel);

        using var stale = new HttpRequestMessage(HttpMethod.Put, "api/v1/email-template") { Content = JsonContent.Create(template) };
        stale.Headers.IfMatch.Add(first.Headers.ETag!);
        using var response = await brand.Client.SendAsync(stale, Cancel);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task Template_WhenKeyLacksEmailsScope_ShouldAnswer403()
    {
        using var brand = await stack.CreateBrandAsync(scopes: ["offers:read"]);

        using var response = await brand.Client.GetAsync("api/v1/email-template", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
