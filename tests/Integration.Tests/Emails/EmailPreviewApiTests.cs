using System.Net;
using System.Net.Http.Json;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Emails;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class EmailPreviewApiTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<ApiAnswer> PostPreviewAsync(EmailScenario scenario, object body) =>
        scenario.Client.PostJsonAsync($"api/v1/offers/{scenario.Offer}/emails/preview", body);

    /// <summary>One page of previews, read exactly (an absent field is a null one).</summary>
    private static async Task<PagedResponse<EmailPreview>> PreviewAsync(EmailScenario scenario, object body)
    {
        var answer = await PostPreviewAsync(scenario, body);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.AsExactly<PagedResponse<EmailPreview>>();
    }

    [Fact]
    public async Task Preview_ShouldRenderEachMembersPersonalEmailAndSendNothing()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var jane = await scenario.AddEmailableAsync("Jane", "JANE15");
        var omar = await scenario.AddEmailableAsync("Omar", "OMAR15");

        var page = await PreviewAsync(scenario, new { memberIds = new[] { jane.Id.Value, omar.Id.Value } });

        Assert.Equal([jane.Id.Value, omar.Id.Value], page.Items.Select(i => i.MemberId));
        foreach (var (item, member) in page.Items.Zip([jane, omar]))
        {
            var first = member.Name.Split(' ')[0];
            Assert.Equal(PreviewStatus.Ready, item.Status);
            Assert.Equal(member.Email, item.Email);
            Assert.Equal($"Your {scenario.BrandName} code: {member.Code}", item.Subject);
            Assert.Contains($"Hi {first},", item.Text, StringComparison.Ordinal);
            Assert.Contains($"is {member.Code}. It gives your audience 15% off.", item.Text, StringComparison.Ordinal);
            Assert.Contains("It works from June 5, 2026 until June 30, 2026 at 12:30 PM", item.Text, StringComparison.Ordinal);
            Assert.Contains($"<strong>{member.Code}</strong>", item.Html, StringComparison.Ordinal);
        }

        Assert.Null(page.ContinuationToken);
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

        var items = page.Items.Select(i => (i.Status, i.SkipReason, i.Subject));
        Assert.Equal(
            [
                (PreviewStatus.Skipped, SkipReason.NoCode, null),
                (PreviewStatus.Skipped, SkipReason.NoEmail, null),
                (PreviewStatus.Skipped, SkipReason.CodeNotActive, null),
                (PreviewStatus.Skipped, SkipReason.MemberNotFound, null),
            ],
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
            seen.AddRange(page.Items.Select(i => i.Subject!));
            token = page.ContinuationToken;
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

        var item = page.Items[0];
        Assert.Equal("<b>Bold</b> Name / 15% off", item.Subject);
        Assert.Equal("<p>&lt;b&gt;Bold&lt;/b&gt; Name</p>", item.Html);
        Assert.Equal("<b>Bold</b> Name: BOLD15", item.Text);
    }

    [Fact]
    public async Task Preview_WhenOverrideIsInvalidOrNoMembersChosen_ShouldAnswer400NamingTheFields()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);

        var answer = await PostPreviewAsync(scenario, new { template = new { subject = "{{ customer.name }}", htmlBody = "x", textBody = "y" } });

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        var errors = answer.As<ApiProblem>().Errors!;
        Assert.Contains("memberIds", errors.Keys);
        Assert.StartsWith("Line 1, column 4:", errors["template.subject"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WhenOfferIsUnknown_ShouldAnswer404()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);

        using var response = await scenario.Client.PostAsJsonAsync($"api/v1/offers/{OfferId.New()}/emails/preview", new { allWithActiveCode = true }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
