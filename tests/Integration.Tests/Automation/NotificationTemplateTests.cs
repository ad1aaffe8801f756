using System.Net;
using PromoServerless.Domain.Emails;
using PromoServerless.Integration.Tests.CodeOperations;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Automation;

public sealed record TemplateAnswer(string Subject, string HtmlBody, string TextBody, bool IsDefault);

public sealed record FieldProblem(int Status, Dictionary<string, string[]> Errors);

/// <summary>A brand's own template per change notification: saved, read, previewed and sent.</summary>
public sealed class NotificationTemplateTests(StackFixture stack)
{
    private static readonly object PausedTemplate = new
    {
        subject = "Paused: {{ code }}",
        htmlBody = "<p>{{ code }} is paused for {{ offer.name }}.</p>",
        textBody = "{{ code }} is paused for {{ offer.name }}.",
    };

    private static readonly object RenamedTemplate = new
    {
        subject = "{{ previous_code }} became {{ code }}",
        htmlBody = "<p>Use {{ code }} instead of {{ previous_code }}.</p>",
        textBody = "Use {{ code }} instead of {{ previous_code }}.",
    };

    private static Task<ApiAnswer> SaveAsync(TestBrand brand, string notification, object template) =>
        brand.Client.SendAsync(HttpMethod.Put, $"api/v1/email-template?notification={notification}", template);

    private static async Task<TemplateAnswer> ReadAsync(TestBrand brand, string query)
    {
        var answer = await brand.Client.GetJsonAsync("api/v1/email-template" + query);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        return answer.As<TemplateAnswer>();
    }

    [Fact]
    public async Task Deactivate_WithTheBrandsDeactivatedTemplate_ShouldEmailEachMemberOnceWithIt()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = ApiCalls.OfferBody();
        body["notifications"] = new { codeDeactivated = true };
        (string, string)[] people = [("Vera", "Wolf"), ("Xavi", "Young")];
        var setup = await brand.OfferWithProjectMembersAsync(people, body);
        var generation = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.True(generation.Status == HttpStatusCode.Accepted, generation.Body.ToString());
        var codeOf = (await brand.WaitForCodesAsync(setup.OfferId, people.Length)).ToDictionary(c => c.MemberId, c => c.Code);
        var saved = await SaveAsync(brand, "codeDeactivated", PausedTemplate);
        Assert.True(saved.Status == HttpStatusCode.OK, saved.Body.ToString());

        var preview = await brand.Client.PostJsonAsync($"api/v1/offers/{setup.OfferId}/emails/preview", new { memberIds = setup.MemberIdsByEmail.Values.ToArray(), notification = "codeDeactivated" });
        var operation = await brand.OperateAsync(setup.OfferId, new { action = "deactivate", memberIds = setup.MemberIdsByEmail.Values.ToArray() });
        Assert.Equal(HttpStatusCode.OK, operation.Status);
        foreach (var email in setup.MemberIdsByEmail.Keys)
        {
            await stack.Mail.WaitForAsync(email, 1, TimeSpan.FromSeconds(30), ApiCalls.Ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), ApiCalls.Ct); // a duplicate would arrive by now
        Assert.True(preview.Status == HttpStatusCode.OK, preview.Body.ToString());
        Assert.Equal(
            setup.MemberIdsByEmail.Values.Select(member => $"Paused: {codeOf[member]}").Order(),
            preview.As<Page<PreviewItem>>().Items.Select(item => item.Subject).Order());
        foreach (var (email, memberId) in setup.MemberIdsByEmail)
        {
            var message = Assert.Single(await stack.Mail.ListToAsync(email, ApiCalls.Ct));
            Assert.Equal($"Paused: {codeOf[memberId]}", message.Subject);
            Assert.Contains($"{codeOf[memberId]} is paused for ", message.Text);
        }
    }

    [Fact]
    public async Task SaveTemplate_WhenANotificationTemplateIsInvalid_ShouldAnswer400WithLineAndColumnAndKeepTheDefault()
    {
        using var brand = await stack.CreateBrandAsync();
        var invalid = new { subject = "{{ code }} is off", htmlBody = "<p>ok</p>\n<p>{{ member.nickname }}</p>", textBody = "{{ code }}" };

        var answer = await SaveAsync(brand, "codeDeactivated", invalid);
        var read = await ReadAsync(brand, "?notification=codeDeactivated");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = Assert.Single(answer.As<FieldProblem>().Errors["htmlBody"]);
        Assert.StartsWith("Line 2, column 7:", error, StringComparison.Ordinal);
        Assert.Contains("member.nickname", error, StringComparison.Ordinal);
        Assert.True(read.IsDefault);
        Assert.Equal(NotificationTemplates.Deactivated.Subject, read.Subject);
    }

    [Fact]
    public async Task GetTemplate_ForCodeRenamed_ShouldAnswerTheDefaultUntilSavedThenTheSavedOneToThatBrandOnly()
    {
        using var brand = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();

        var before = await ReadAsync(brand, "?notification=codeRenamed");
        var saved = await SaveAsync(brand, "codeRenamed", RenamedTemplate);
        var after = await ReadAsync(brand, "?notification=codeRenamed");
        var codeEmail = await ReadAsync(brand, string.Empty);
        var otherBrand = await ReadAsync(other, "?notification=codeRenamed");

        Assert.True(before.IsDefault);
        Assert.Equal(NotificationTemplates.Renamed.TextBody, before.TextBody);
        Assert.True(saved.Status == HttpStatusCode.OK, saved.Body.ToString());
        Assert.False(after.IsDefault);
        Assert.Equal("{{ previous_code }} became {{ code }}", after.Subject);
        Assert.True(codeEmail.IsDefault);
        Assert.Equal(EmailTemplate.Default.Subject, codeEmail.Subject);
        Assert.True(otherBrand.IsDefault);
        Assert.Equal(NotificationTemplates.Renamed.Subject, otherBrand.Subject);
    }

    [Fact]
    public async Task ResetTemplate_ForOneNotification_ShouldLeaveTheOthersSaved()
    {
        using var brand = await stack.CreateBrandAsync();
        await SaveAsync(brand, "codeRenamed", RenamedTemplate);
        await SaveAsync(brand, "codeDeactivated", PausedTemplate);

        var reset = await brand.Client.SendAsync(HttpMethod.Delete, "api/v1/email-template?notification=codeRenamed");

        Assert.Equal(HttpStatusCode.NoContent, reset.Status);
        Assert.True((await ReadAsync(brand, "?notification=codeRenamed")).IsDefault);
        Assert.False((await ReadAsync(brand, "?notification=codeDeactivated")).IsDefault);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task TemplateOperations_WithAnUnknownNotification_ShouldAnswer400NamingIt(string method)
    {
        using var brand = await stack.CreateBrandAsync();

        var answer = await brand.Client.SendAsync(new HttpMethod(method), "api/v1/email-template?notification=codeExpired", method == "PUT" ? PausedTemplate : null);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["notification"], answer.ErrorFields);
        Assert.True((await ReadAsync(brand, "?notification=codeDeactivated")).IsDefault);
    }
}
