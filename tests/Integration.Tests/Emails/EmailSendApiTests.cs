using System.Net;
using System.Net.Http.Json;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class EmailSendApiTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ShouldDeliverEachMemberExactlyTheirPersonalisedEmail()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var jane = await scenario.AddEmailableAsync("Jane", "JANE15");
        var omar = await scenario.AddEmailableAsync("Omar", "OMAR15");

        var answer = await scenario.PostSendAsync(new { memberIds = new[] { jane.Id.Value, omar.Id.Value } });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        var sendId = answer.AsExactly<EmailSendResponse>().Id;
        Assert.Equal($"/api/v1/email-sends/{sendId}", answer.Response.Headers.Location?.OriginalString);
        Assert.NotNull(answer.Response.Headers.RetryAfter);
        foreach (var member in new[] { jane, omar })
        {
            var received = Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
            var first = member.Name.Split(' ')[0];
            Assert.Equal([member.Email], received.Envelope.To.Select(a => a.Address));
            Assert.Equal([(member.Email!, (string?)member.Name)], received.To.Select(a => (a.Address, a.Name)));
            Assert.Equal([("codes@promoserverless.test", scenario.BrandName)], received.From.Select(a => (a.Address, a.Name)));
            Assert.Equal($"Your {scenario.BrandName} code: {member.Code}", received.Subject);
            Assert.StartsWith($"Hi {first},\n\nThanks for partnering with {scenario.BrandName}! Your personal code for Summer Glow is {member.Code}. It gives your audience 15% off.", received.Text, StringComparison.Ordinal);
            Assert.Contains($"<p>Hi {first},</p>", received.Html, StringComparison.Ordinal);
            Assert.Contains($"<strong>{member.Code}</strong>", received.Html, StringComparison.Ordinal);
            Assert.Contains("\r\nReply-To: team@brand.example\r\n", await stack.Mail.GetSourceAsync(received.Id, Cancel), StringComparison.Ordinal);
        }

        var done = await scenario.WaitForCompletionAsync(sendId);
        Assert.Equal(EmailSendStatus.Completed, done.Status);
        Assert.Equal(new EmailSendCounts(Total: 2, Queued: 0, Sent: 2, Failed: 0, Skipped: 0), done.Counts);
        var recipients = done.Recipients!.Items;
        Assert.All(recipients, r => Assert.Equal(RecipientState.Sent, r.Status));
        var janeRow = recipients.Single(r => r.MemberId == jane.Id.Value);
        var janeMail = Assert.Single(await stack.Mail.ListToAsync(jane.Email!, Cancel));
        Assert.Equal($"<{janeRow.MessageId}>", janeMail.MessageId);
    }

    [Fact]
    public async Task Send_WhenSomeMembersCannotBeEmailed_ShouldRecordThemSkippedWithReasons()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var ok = await scenario.AddEmailableAsync("Kai", "KAI15");
        var noCode = await scenario.AddMemberAsync("Nia Code", EmailScenario.UniqueAddress("nia"), code: null);
        var failed = await scenario.AddMemberAsync("Fay Led", EmailScenario.UniqueAddress("fay"), "FAY15", PromoCodeStatus.Failed);

        var sendId = await scenario.StartSendAsync(new { memberIds = new[] { ok.Id.Value, noCode.Id.Value, failed.Id.Value } });
        var done = await scenario.WaitForCompletionAsync(sendId);

        Assert.Equal(new EmailSendCounts(Total: 3, Queued: 0, Sent: 1, Failed: 0, Skipped: 2), done.Counts);
        var reasons = done.Recipients!.Items.ToDictionary(r => r.MemberId, r => r.SkipReason);
        Assert.Equal(new Dictionary<string, SkipReason?> { [ok.Id.Value] = null, [noCode.Id.Value] = SkipReason.NoCode, [failed.Id.Value] = SkipReason.CodeNotActive }, reasons);
        Assert.Single(await stack.Mail.WaitForAsync(ok.Email!, cancellationToken: Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(noCode.Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(failed.Email!, Cancel));
    }

    [Fact]
    public async Task Send_WhenRetriedWithTheSameKeyAndBody_ShouldAnswerTheSameSendAndEmailEachMemberOnce()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var lee = await scenario.AddEmailableAsync("Lee", "LEE15");
        var body = new { allWithActiveCode = true };
        var key = Guid.NewGuid().ToString();

        var first = await scenario.StartSendAsync(body, key);
        var second = await scenario.StartSendAsync(body, key);
        await scenario.WaitForCompletionAsync(first);
        var third = await scenario.StartSendAsync(body, key);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Single(await stack.Mail.WaitForAsync(lee.Email!, cancellationToken: Cancel));
        await Task.Delay(1_000, Cancel);
        Assert.Single(await stack.Mail.ListToAsync(lee.Email!, Cancel));
    }

    [Fact]
    public async Task Send_WhenTheKeyIsReusedForADifferentBody_ShouldAnswer422()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Mo", "MO15");
        var key = Guid.NewGuid().ToString();
        await scenario.StartSendAsync(new { memberIds = new[] { member.Id.Value } }, key);

        var answer = await scenario.PostSendAsync(new { allWithActiveCode = true }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
    }

    [Fact]
    public async Task Send_WithoutIdempotencyKeyOrWithAnInvalidTemplate_ShouldAnswer400AndSendNothing()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Ola", "OLA15");

        var noKey = await scenario.Client.PostJsonAsync($"api/v1/offers/{scenario.Offer}/email-sends", new { allWithActiveCode = true });
        var badTemplate = await scenario.PostSendAsync(new { allWithActiveCode = true, template = new { subject = "{{ code", htmlBody = "x", textBody = "y" } });

        Assert.Equal(HttpStatusCode.BadRequest, noKey.Status);
        Assert.Contains("Idempotency-Key", noKey.ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, badTemplate.Status);
        Assert.Contains("template.subject", badTemplate.ErrorFields);
        await Task.Delay(1_000, Cancel);
        Assert.Empty(await stack.Mail.ListToAsync(member.Email!, Cancel));
    }

    [Fact]
    public async Task Send_WithTemplateOverride_ShouldSendThatTemplateInsteadOfTheBrands()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Pia", "PIA15");
        var template = new { subject = "{{ member.first_name }}, {{ offer.discount }} with {{ code }}", htmlBody = "<h1>{{ code }}</h1>", textBody = "Use {{ code }} until {{ ends_at }}." };

        await scenario.StartSendAsync(new { memberIds = new[] { member.Id.Value }, template });

        var received = Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
        Assert.Equal("Pia, 15% off with PIA15", received.Subject);
        Assert.Equal("Use PIA15 until June 30, 2026 at 12:30 PM.", received.Text?.TrimEnd('\n'));
        Assert.Contains("<h1>PIA15</h1>", received.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenTheBrandSavedATemplate_ShouldUseIt()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Quin", "QUIN15");
        using var put = await scenario.Client.PutAsJsonAsync("api/v1/email-template", new { subject = "Brand template for {{ member.name }}", htmlBody = "<p>{{ code }}</p>", textBody = "{{ code }}" }, Cancel);
        put.EnsureSuccessStatusCode();

        await scenario.StartSendAsync(new { allWithActiveCode = true });

        Assert.Equal("Brand template for Quin Tester", Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel)).Subject);
    }

    [Fact]
    public async Task Send_WhenSendAtIsAhead_ShouldBeScheduledAndGoOutAtSendAtWithNothingToPoll()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Rae", "RAE15");
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(3);

        var sendId = await scenario.StartSendAsync(new { memberIds = new[] { member.Id.Value }, sendAt });
        var scheduled = await scenario.GetSendAsync(sendId);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        var mailBeforeDue = await stack.Mail.ListToAsync(member.Email!, Cancel);

        Assert.Equal(EmailSendStatus.Scheduled, scheduled.Status);
        Assert.Equal(new EmailSendCounts(Total: 1, Queued: 1, Sent: 0, Failed: 0, Skipped: 0), scheduled.Counts);
        Assert.Empty(mailBeforeDue);
        Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
        Assert.True(DateTimeOffset.UtcNow >= sendAt, "The email arrived before its sendAt.");
        Assert.Equal(EmailSendStatus.Completed, (await scenario.WaitForCompletionAsync(sendId)).Status);
    }

    [Fact]
    public async Task Send_WhenTheSameKeyIsRetriedWhileScheduled_ShouldKeepOneScheduledSend()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Sam", "SAM15");
        var body = new { memberIds = new[] { member.Id.Value }, sendAt = DateTimeOffset.UtcNow.AddSeconds(2) };
        var key = Guid.NewGuid().ToString();

        var first = await scenario.StartSendAsync(body, key);
        var retried = await scenario.StartSendAsync(body, key);

        Assert.Equal(first, retried);
        Assert.Equal(EmailSendStatus.Completed, (await scenario.WaitForCompletionAsync(first)).Status);
        await Task.Delay(1_000, Cancel);
        Assert.Single(await stack.Mail.ListToAsync(member.Email!, Cancel));
    }

    [Fact]
    public async Task Send_ToManyNamedMembers_ShouldAnswer202BeforeLookingThemUpAndThenSendToEach()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var members = new List<SeededMember>();
        for (var i = 0; i < 120; i++)
        {
            members.Add(await scenario.AddEmailableAsync("Many" + i, $"MANY{i}X15"));
        }

        var sendId = await scenario.StartSendAsync(new { memberIds = members.Select(m => m.Id.Value).ToArray() });
        var done = await scenario.WaitForCompletionAsync(sendId, TimeSpan.FromSeconds(60));

        Assert.Equal(new EmailSendCounts(Total: 120, Queued: 0, Sent: 120, Failed: 0, Skipped: 0), done.Counts);
        foreach (var member in members.Where((_, i) => i % 20 == 0))
        {
            Assert.Single(await stack.Mail.ListToAsync(member.Email!, Cancel));
        }
    }

    [Fact]
    public async Task GetSend_ShouldPageRecipients()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var members = new List<SeededMember>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await scenario.AddMemberAsync($"Page Member{i}", EmailScenario.UniqueAddress("page"), code: null));
        }

        var sendId = await scenario.StartSendAsync(new { memberIds = members.Select(m => m.Id.Value).ToArray() });
        Assert.Equal(EmailSendStatus.Completed, (await scenario.WaitForCompletionAsync(sendId)).Status);
        var seen = new List<string>();
        var query = "?pageSize=2";
        while (true)
        {
            var page = (await scenario.GetSendAsync(sendId, query)).Recipients!;
            seen.AddRange(page.Items.Select(r => r.MemberId));
            if (page.ContinuationToken is not { } token)
            {
                break;
            }

            query = "?pageSize=2&continuationToken=" + Uri.EscapeDataString(token);
        }

        Assert.Equal(members.Select(m => m.Id.Value), seen);
    }
}
