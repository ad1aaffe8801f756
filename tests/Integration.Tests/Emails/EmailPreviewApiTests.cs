using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class EmailPreviewApiTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> PreviewAsync(EmailScenario scenario, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await scenario.Client.PostAsJsonAsync($"api/v1/offers/{scenario.Offer}/emails/preview", body, Cancel);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {json}");
        return json;
    }

    [Fact]
    public async Task Preview_ShouldRenderEachMembersPersonalEmailAndSendNothing()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var jane = await scenario.AddEmailableAsync("Jane", "JANE15");
        var omar = await scenario.AddEmailableAsync("Omar", "OMAR15");

        var page = await PreviewAsync(scenario, new { memberIds = new[] { jane.Id.Value, omar.Id.Value } });

        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([jane.Id.Value, omar.Id.Value], items.Select(i => i.GetProperty("memberId").GetString()));
        foreach (var (item, member) in items.Zip([jane, omar]))
        {
            var first = member.Name.Split(' ')[0];
            Assert.Equal("ready", item.GetProperty("status").GetString());
            Assert.Equal(member.Email, item.GetProperty("email").GetString());
            Assert.Equal($"Your {scenario.BrandName} code: {member.Code}", item.GetProperty("subject").GetString());
            Assert.Contains($"Hi {first},", item.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains($"is {member.Code}. It gives your audience 15% off.", item.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("It works from June 5, 2026 until June 30, 2026 at 12:30 PM", item.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains($"<strong>{member.Code}</strong>", item.GetProperty("html").GetString(), StringComparison.Ordinal);
        }

        Assert.False(page.TryGetProperty("continuationToken", out _));
        await Task.Delay(1_000, Cancel);
        Assert.Empty(await stack.Mail.ListToAsync(jane.Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(omar.Email!, Cancel));
    }

    [Fact]
    public async Task Preview_WhenMembersLackCodeOrAddress_ShouldListThemAsSkippedWithTheReason()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var noCode = await scenario.AddMemberAsync("Nora Code", EmailScenario.UniqueAddress("nora"), code: null);
        var noEmail = await scenario.AddMemberAsync("Ed Mail", email: null, code: "ED15");
        var expired = await scenario.AddMemberAsync("Exa Pired", EmailScenario.UniqueAddress("exa"), "EXA15", PromoCodeStatus.Expired);
        var unknown = MemberId.New();

        var page = await PreviewAsync(scenario, new { memberIds = new[] { noCode.Id.Value, noEmail.Id.Value, expired.Id.Value, unknown.Value } });

        var items = page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("status").GetString(), i.GetProperty("skipReason").GetString(), i.TryGetProperty("subject", out _)));
        Assert.Equal(
            [("skipped", "noCode", false), ("skipped", "noEmail", false), ("skipped", "codeNotActive", false), ("skipped", "memberNotFound", false)],
            items);
    }

    [Fact]
    public async Task Preview_WhenAllWithActiveCode_ShouldPageThroughMembersWithALiveCode()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var emailed = new[]
        {
            await scenario.AddEmailableAsync("Ann", "ANN15"),
            await scenario.AddEmailableAsync("Bea", "BEA15"),
            await scenario.AddMemberAsync("Cy Later", EmailScenario.UniqueAddress("cy"), "CY15", PromoCodeStatus.Scheduled),
        };
        await scenario.AddMemberAsync("Dee Off", EmailScenario.UniqueAddress("dee"), "DEE15", PromoCodeStatus.Deactivated);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await PreviewAsync(scenario, new { allWithActiveCode = true, pageSize = 2, continuationToken = token });
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.True(pages >= 2);
        Assert.Equal(emailed.Select(m => $"Your {scenario.BrandName} code: {m.Code}").Order(), seen.Order());
    }

    [Fact]
    public async Task Preview_WithTemplateOverride_ShouldRenderItEncodingMemberDataInHtml()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddMemberAsync("<b>Bold</b> Name", EmailScenario.UniqueAddress("bold"), "BOLD15");
        var template = new { subject = "{{ member.name }} / {{ offer.discount }}", htmlBody = "<p>{{ member.name }}</p>", textBody = "{{ member.name }}: {{ code }}" };

        var page = await PreviewAsync(scenario, new { memberIds = new[] { member.Id.Value }, template });

        var item = page.GetProperty("items")[0];
        Assert.Equal("<b>Bold</b> Name / 15% off", item.GetProperty("subject").GetString());
        Assert.Equal("<p>&lt;b&gt;Bold&lt;/b&gt; Name</p>", item.GetProperty("html").GetString());
        Assert.Equal("<b>Bold</b> Name: BOLD15", item.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Preview_WhenOverrideIsInvalidOrNoMembersChosen_ShouldAnswer400NamingTheFields()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);

        var problem = await PreviewAsync(scenario, new { template = new { subject = "{{ customer.name }}", htmlBody = "x", textBody = "y" } }, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("memberIds", out _));
        Assert.StartsWith("Line 1, column 4:", errors.GetProperty("template.subject")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WhenOfferIsUnknown_ShouldAnswer404()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);

        using var response = await scenario.Client.PostAsJsonAsync($"api/v1/offers/{OfferId.New()}/emails/preview", new { allWithActiveCode = true }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
