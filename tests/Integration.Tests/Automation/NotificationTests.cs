using System.Net;
using PromoServerless.Integration.Tests.CodeOperations;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Automation;

public sealed record PreviewItem(string MemberId, string Status, string? Subject, string? Text);

public sealed class NotificationTests(StackFixture stack)
{
    private static async Task<(GenerationSteps.Setup Setup, List<CodeRow> Codes)> GeneratedAsync(TestBrand brand, object notifications, params (string First, string Last)[] people)
    {
        var body = ApiCalls.OfferBody();
        body["notifications"] = notifications;
        var setup = await brand.OfferWithProjectMembersAsync(people, body);
        var generation = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.True(generation.Status == HttpStatusCode.Accepted, generation.Body.ToString());
        return (setup, await brand.WaitForCodesAsync(setup.OfferId, people.Length));
    }

    [Fact]
    public async Task Deactivate_WhenTheOfferNotifies_ShouldEmailEachMemberOnceWithTheDefaultTemplate()
    {
        using var brand = await stack.CreateBrandAsync();
        var (setup, codes) = await GeneratedAsync(brand, new { codeDeactivated = true }, ("Nina", "Park"), ("Omar", "Reed"));
        var codeOf = codes.ToDictionary(c => c.MemberId, c => c.Code);

        var operation = await brand.OperateAsync(setup.OfferId, new { action = "deactivate", memberIds = setup.MemberIdsByEmail.Values.ToArray() });
        Assert.Equal(HttpStatusCode.OK, operation.Status);
        foreach (var email in setup.MemberIdsByEmail.Keys)
        {
            await stack.Mail.WaitForAsync(email, 1, TimeSpan.FromSeconds(30), ApiCalls.Ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), ApiCalls.Ct); // a duplicate would arrive by now
        foreach (var (email, memberId) in setup.MemberIdsByEmail)
        {
            var message = Assert.Single(await stack.Mail.ListToAsync(email, ApiCalls.Ct));
            Assert.Equal($"Your Brand {brand.ShopDomain} code {codeOf[memberId]} has been deactivated", message.Subject);
            Assert.Contains($"Your personal code {codeOf[memberId]} for ", message.Text);
            Assert.Contains("has been deactivated and no longer works at checkout", message.Text);
        }
    }

    [Fact]
    public async Task Deactivate_WhenTheOfferDoesNotNotify_ShouldSendNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var (setup, _) = await GeneratedAsync(brand, new { codeRenamed = true }, ("Pia", "Quinn"));

        await brand.OperateAsync(setup.OfferId, new { action = "deactivate", memberIds = setup.MemberIdsByEmail.Values.ToArray() });
        await Task.Delay(TimeSpan.FromSeconds(3), ApiCalls.Ct);

        Assert.Empty(await stack.Mail.ListToAsync(setup.MemberIdsByEmail.Keys.Single(), ApiCalls.Ct));
    }

    [Fact]
    public async Task Rename_WhenTheOfferNotifies_ShouldTellTheOldAndNewCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var (setup, codes) = await GeneratedAsync(brand, new { codeRenamed = true }, ("Rosa", "Stone"));
        var (email, member) = setup.MemberIdsByEmail.Single();

        await brand.OperateAsync(setup.OfferId, new { action = "rename", memberIds = new[] { member }, codes = new Dictionary<string, string> { [member] = "ROSAFRESH" } });
        var message = Assert.Single(await stack.Mail.WaitForAsync(email, 1, TimeSpan.FromSeconds(30), ApiCalls.Ct));

        Assert.Equal($"Your Brand {brand.ShopDomain} code is now ROSAFRESH", message.Subject);
        Assert.Contains($"has changed from {codes.Single().Code} to ROSAFRESH", message.Text);
    }

    [Fact]
    public async Task PreviewEmails_WithANotification_ShouldRenderItsDefaultTemplate()
    {
        using var brand = await stack.CreateBrandAsync();
        var (setup, codes) = await GeneratedAsync(brand, new { codeDatesChanged = true }, ("Tess", "Upton"));

        var answer = await brand.Client.PostJsonAsync($"api/v1/offers/{setup.OfferId}/emails/preview", new { memberIds = setup.MemberIdsByEmail.Values.ToArray(), notification = "codeDatesChanged" });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        var preview = Assert.Single(answer.Read<Page<PreviewItem>>().Items);
        Assert.Equal("ready", preview.Status);
        Assert.Equal($"New dates for your Brand {brand.ShopDomain} code {codes.Single().Code}", preview.Subject);
        Assert.Contains("have changed", preview.Text);
    }
}
