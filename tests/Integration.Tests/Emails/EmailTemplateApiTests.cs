using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Domain.Emails;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class EmailTemplateApiTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetTemplate_WhenBrandHasSavedNone_ShouldAnswerTheDefault()
    {
        using var brand = await stack.CreateBrandAsync();

        var template = await brand.Client.GetFromJsonAsync<JsonElement>("api/v1/email-template", Cancel);

        Assert.True(template.GetProperty("isDefault").GetBoolean());
        Assert.Equal(EmailTemplate.Default.Subject, template.GetProperty("subject").GetString());
        Assert.Equal(EmailTemplate.Default.HtmlBody, template.GetProperty("htmlBody").GetString());
        Assert.Equal(EmailTemplate.Default.TextBody, template.GetProperty("textBody").GetString());
    }

    [Fact]
    public async Task PutTemplate_WhenValid_ShouldBeWhatGetAnswersUntilReset()
    {
        using var brand = await stack.CreateBrandAsync();
        var saved = new { subject = "{{ member.first_name }}, your code", htmlBody = "<p>{{ code }}</p>", textBody = "Code: {{ code }}" };

        using var put = await brand.Client.PutAsJsonAsync("api/v1/email-template", saved, Cancel);
        var read = await brand.Client.GetFromJsonAsync<JsonElement>("api/v1/email-template", Cancel);
        using var reset = await brand.Client.DeleteAsync("api/v1/email-template", Cancel);
        var afterReset = await brand.Client.GetFromJsonAsync<JsonElement>("api/v1/email-template", Cancel);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotNull(put.Headers.ETag);
        Assert.False(read.GetProperty("isDefault").GetBoolean());
        Assert.Equal(saved.subject, read.GetProperty("subject").GetString());
        Assert.Equal(saved.htmlBody, read.GetProperty("htmlBody").GetString());
        Assert.Equal(saved.textBody, read.GetProperty("textBody").GetString());
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.True(afterReset.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task PutTemplate_WhenInvalid_ShouldAnswer400WithLineAndColumnAndKeepTheOldTemplate()
    {
        using var brand = await stack.CreateBrandAsync();
        var invalid = new { subject = "Hi {{ member.nickname }}", htmlBody = "<p>ok</p>\n<p>{% if code %}</p>", textBody = "{{ code }}" };

        using var response = await brand.Client.PutAsJsonAsync("api/v1/email-template", invalid, Cancel);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var read = await brand.Client.GetFromJsonAsync<JsonElement>("api/v1/email-template", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.StartsWith("Line 1, column 7:", errors.GetProperty("subject")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("member.nickname", errors.GetProperty("subject")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Line 2,", errors.GetProperty("htmlBody")[0].GetString(), StringComparison.Ordinal);
        Assert.True(read.GetProperty("isDefault").GetBoolean());
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
