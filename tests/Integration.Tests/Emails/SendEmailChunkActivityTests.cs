using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

/// <summary>
/// The <c>SendEmailChunk</c> activity run directly against the real stores and MailDev, as the engine would run
/// it again after a crash or a failed try. Each send is stored and planned here without an orchestration, so
/// only the test sends its emails; the clock or the SMTP sender is replaced where a test steers them.
/// </summary>
public sealed class SendEmailChunkActivityTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendEmailChunk_WhenRunAgain_ShouldNotSendASecondEmail()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, "Uma", "Ugo");
        using var scope = stack.Services.CreateScope();

        var first = await Activities(scope).SendEmailChunk(Order(scenario, send), Cancel);
        var again = await Activities(scope).SendEmailChunk(Order(scenario, send, attempt: 2), Cancel);

        Assert.Equal(new EmailChunkResult(2, Done: true), first);
        Assert.Equal(new EmailChunkResult(0, Done: true), again);
        foreach (var member in members)
        {
            var received = Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
            var sent = Assert.IsType<RecipientStatus.Sent>((await RecipientAsync(scenario, send, member)).Status);
            Assert.Equal($"<{sent.MessageId}>", received.MessageId);
        }

        await Task.Delay(500, Cancel);
        foreach (var member in members)
        {
            Assert.Single(await stack.Mail.ListToAsync(member.Email!, Cancel));
        }

        var status = await scenario.GetSendAsync(send.Value);
        Assert.Equal(new EmailSendCounts(Total: 2, Queued: 0, Sent: 2, Failed: 0, Skipped: 0), status.Counts);
    }

    [Fact]
    public async Task SendEmailChunk_ShouldSendNoMoreThanItsLimitAndLeaveTheRestQueued()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, "Vic", "Vera", "Vlad");
        using var scope = stack.Services.CreateScope();

        var partly = await Activities(scope).SendEmailChunk(Order(scenario, send, limit: 2), Cancel);
        var rest = await Activities(scope).SendEmailChunk(Order(scenario, send, limit: 2), Cancel);

        Assert.Equal(new EmailChunkResult(2, Done: false), partly);
        Assert.Equal(new EmailChunkResult(1, Done: true), rest);
        foreach (var member in members)
        {
            Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
        }
    }

    [Fact]
    public async Task SendEmailChunk_WhenTwoChunksRunAtOnce_ShouldRecordEveryRecipientOfBoth()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, Enumerable.Range(0, EmailSend.ChunkSize + 20).Select(i => "Two" + i).ToArray());
        using var scope = stack.Services.CreateScope();

        var results = await Task.WhenAll(
            Activities(scope).SendEmailChunk(Order(scenario, send) with { Chunk = 0 }, Cancel),
            Activities(scope).SendEmailChunk(Order(scenario, send) with { Chunk = 1 }, Cancel));

        Assert.Equal([new EmailChunkResult(EmailSend.ChunkSize, Done: true), new EmailChunkResult(20, Done: true)], results);
        var status = await scenario.GetSendAsync(send.Value, "?pageSize=1000");
        Assert.Equal(new EmailSendCounts(Total: members.Count, Queued: 0, Sent: members.Count, Failed: 0, Skipped: 0), status.Counts);
        Assert.Equal(EmailSendStatus.Completed, status.Status);
        Assert.All(status.Recipients!.Items, r => Assert.Equal(RecipientState.Sent, r.Status));
    }

    [Fact]
    public async Task SendEmailChunk_WhenAnotherTryHoldsTheRecipients_ShouldSendNothingUntilTheClaimRunsOut()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, "Wes");
        var store = scenario.Service<EmailSendStore>();
        var row = (await store.GetRecipientAsync(scenario.BrandId, send, new RecipientKey(0, members[0].Id), Cancel))!;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await store.ReplaceRecipientAsync(scenario.BrandId, send, row.Value.ClaimUntil(clock.GetUtcNow() + EmailChunkSender.ClaimDuration, clock.GetUtcNow()), row.ETag, Cancel);
        using var scope = stack.Services.CreateScope();

        var whileHeld = await Activities(scope, clock).SendEmailChunk(Order(scenario, send), Cancel);
        clock.Advance(EmailChunkSender.ClaimDuration + TimeSpan.FromSeconds(1));
        var afterwards = await Activities(scope, clock).SendEmailChunk(Order(scenario, send), Cancel);

        Assert.Equal(new EmailChunkResult(0, Done: false), whileHeld);
        Assert.Equal(new EmailChunkResult(1, Done: true), afterwards);
        Assert.Single(await stack.Mail.WaitForAsync(members[0].Email!, cancellationToken: Cancel));
    }

    [Fact]
    public async Task SendEmailChunk_WhenTheProcessDiesAfterSmtpAcceptedBeforeRecording_ShouldResendOnceWithTheSameMessageId()
    {
        // The documented at-least-once window: nothing records the 250 reply, so the next try sends again.
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, "Abe");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var scope = stack.Services.CreateScope();
        var crashing = new CrashAfterAcceptSender(scope.ServiceProvider.GetRequiredService<IEmailSender>());

        await Assert.ThrowsAsync<SimulatedCrashException>(() => Activities(scope, clock, crashing).SendEmailChunk(Order(scenario, send), Cancel));
        var afterCrash = await RecipientAsync(scenario, send, members[0]);
        clock.Advance(EmailChunkSender.ClaimDuration + TimeSpan.FromSeconds(1));
        await Activities(scope, clock).SendEmailChunk(Order(scenario, send, attempt: 2), Cancel);

        Assert.IsType<RecipientStatus.Queued>(afterCrash.Status);
        var emails = await stack.Mail.WaitForAsync(members[0].Email!, count: 2, cancellationToken: Cancel);
        Assert.Equal(2, emails.Count);
        Assert.Single(emails.Select(e => e.MessageId).Distinct());
        var sent = Assert.IsType<RecipientStatus.Sent>((await RecipientAsync(scenario, send, members[0])).Status);
        Assert.Equal($"<{sent.MessageId}>", emails[0].MessageId);
    }

    [Fact]
    public async Task SendEmailChunk_WhenSmtpFailsTransiently_ShouldThrowAndReleaseThenRecordFailedOnTheLastTry()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await PlanAsync(scenario, "Bo");
        using var scope = stack.Services.CreateScope();
        var failing = new TransientlyFailingSender();

        await Assert.ThrowsAsync<TransientEmailException>(() => Activities(scope, sender: failing).SendEmailChunk(Order(scenario, send), Cancel));
        var afterFirstTry = await RecipientAsync(scenario, send, members[0]);
        var last = await Activities(scope, sender: failing).SendEmailChunk(Order(scenario, send, attempt: 5, lastAttempt: true), Cancel);

        Assert.IsType<RecipientStatus.Queued>(afterFirstTry.Status);
        Assert.Null(afterFirstTry.ClaimedUntil);
        Assert.True(last.Done);
        var failed = Assert.IsType<RecipientStatus.Failed>((await RecipientAsync(scenario, send, members[0])).Status);
        Assert.Equal("Gave up after 5 attempts: 421 Service not available, try later", failed.Reason);
        var status = await scenario.GetSendAsync(send.Value);
        Assert.Equal(new EmailSendCounts(Total: 1, Queued: 0, Sent: 0, Failed: 1, Skipped: 0), status.Counts);
    }

    /// <summary>Stores and plans a send to these new members, as the API and <c>PlanEmailSend</c> would, without starting it.</summary>
    private static async Task<(EmailSendId Send, IReadOnlyList<SeededMember> Members)> PlanAsync(EmailScenario scenario, params string[] firstNames)
    {
        var members = new List<SeededMember>();
        foreach (var name in firstNames)
        {
            members.Add(await scenario.AddEmailableAsync(name, name.ToUpperInvariant() + "15"));
        }

        var id = EmailSendId.New();
        var context = (await scenario.Service<SendContextLoader>().LoadAsync(scenario.BrandId, scenario.Offer, Cancel))!;
        var order = new EmailSendOrder(scenario.BrandId, scenario.Offer, new RecipientChoice.Members(members.Select(m => m.Id).ToArray()), null, null, "test");
        await scenario.Service<EmailSendRecorder>().RecordAsync(id, order, context, Cancel);
        await scenario.Service<EmailSendPlanner>().PlanAsync(scenario.BrandId, id, Cancel);
        return (id, members);
    }

    private static EmailChunkOrder Order(EmailScenario scenario, EmailSendId send, int limit = 100, int attempt = 1, bool lastAttempt = false) =>
        new(scenario.BrandId.Value, send.Value, Chunk: 0, limit, attempt, lastAttempt);

    /// <summary>The activities as the engine builds them, with the clock or the SMTP sender swapped when given.</summary>
    private static EmailSendActivities Activities(IServiceScope scope, TimeProvider? clock = null, IEmailSender? sender = null)
    {
        var services = scope.ServiceProvider;
        var time = clock ?? services.GetRequiredService<TimeProvider>();
        var chunks = new EmailChunkSender(
            services.GetRequiredService<EmailSendStore>(),
            services.GetRequiredService<RecipientEmailComposer>(),
            sender ?? services.GetRequiredService<IEmailSender>(),
            ActivatorUtilities.CreateInstance<RecipientOutcomeWriters>(services, time),
            ActivatorUtilities.CreateInstance<EmailSendProgress>(services, time),
            time,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<EmailChunkSender>>());
        return ActivatorUtilities.CreateInstance<EmailSendActivities>(services, chunks, time);
    }

    private static async Task<EmailRecipient> RecipientAsync(EmailScenario scenario, EmailSendId send, SeededMember member) =>
        (await scenario.Service<EmailSendStore>().GetRecipientAsync(scenario.BrandId, send, new RecipientKey(0, member.Id), Cancel))!.Value;

    private sealed class SimulatedCrashException : Exception;

    private sealed class CrashAfterAcceptSender(IEmailSender inner) : IEmailSender
    {
        public async Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
        {
            await inner.SendAsync(email, cancellationToken);
            throw new SimulatedCrashException();
        }
    }

    private sealed class TransientlyFailingSender : IEmailSender
    {
        public Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) =>
            throw new TransientEmailException("421 Service not available, try later");
    }
}
