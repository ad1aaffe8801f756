using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

/// <summary>
/// Runs <c>SendEmail</c> directly against the real stores, queue and MailDev, with the clock, rate limiter
/// or SMTP sender replaced where a test needs to steer them. Sends are scheduled a day ahead so no message
/// of theirs is in the queue: each test delivers the messages itself.
/// </summary>
public sealed class SendEmailFunctionTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(EmailSendId Send, IReadOnlyList<SeededMember> Members)> ScheduleAsync(EmailScenario scenario, params string[] firstNames)
    {
        var members = new List<SeededMember>();
        foreach (var name in firstNames)
        {
            members.Add(await scenario.AddEmailableAsync(name, name.ToUpperInvariant() + "15"));
        }

        var id = await scenario.StartSendAsync(new { memberIds = members.Select(m => m.Id.Value).ToArray(), sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        return (new EmailSendId(id), members);
    }

    private static QueueTriggerMessage Message(EmailScenario scenario, EmailSendId send, int position, SeededMember member, int dequeueCount = 1) =>
        new(MessageQueue.Serialize(new EmailSendMessage(scenario.BrandId, send, EmailSend.ChunkOf(position), member.Id)), Guid.NewGuid().ToString(), dequeueCount, DateTimeOffset.UtcNow);

    private SendEmailFunction Function(IServiceScope scope, params object[] replacements) =>
        ActivatorUtilities.CreateInstance<SendEmailFunction>(scope.ServiceProvider, replacements);

    private static async Task<EmailRecipient> RecipientAsync(EmailScenario scenario, EmailSendId send, int position, SeededMember member) =>
        (await scenario.Service<EmailSendStore>().GetRecipientAsync(scenario.BrandId, send, new RecipientKey(EmailSend.ChunkOf(position), member.Id), Cancel))!.Value;

    [Fact]
    public async Task HandleAsync_WhenTheMessageIsDeliveredAgain_ShouldNotSendASecondEmail()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await ScheduleAsync(scenario, "Uma");
        using var scope = stack.App.Services.CreateScope();
        var message = Message(scenario, send, 0, members[0]);

        await Function(scope).HandleAsync(message, Cancel);
        await Function(scope).HandleAsync(message with { DequeueCount = 2 }, Cancel);
        await scenario.Service<MessageQueue>().EnqueueAsync(QueueNames.EmailSend, MessageQueue.Deserialize<EmailSendMessage>(message.Text), Cancel);
        await Task.Delay(1_500, Cancel);

        var received = Assert.Single(await stack.Mail.WaitForAsync(members[0].Email!, cancellationToken: Cancel));
        var recipient = await RecipientAsync(scenario, send, 0, members[0]);
        Assert.Equal($"<{Assert.IsType<RecipientStatus.Sent>(recipient.Status).MessageId}>", received.MessageId);
        var status = await scenario.GetSendAsync(send.Value);
        Assert.Equal((1, 0, 1, 0, 0), EmailScenario.Counts(status));
        Assert.Equal("completed", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenTheRecipientIsAlreadySent_ShouldSendNothingAndStillCountIt()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await ScheduleAsync(scenario, "Vic", "Wes");
        var store = scenario.Service<EmailSendStore>();
        var key = new RecipientKey(0, members[0].Id);
        var row = (await store.GetRecipientAsync(scenario.BrandId, send, key, Cancel))!;
        var marked = row.Value.Finish(new RecipientStatus.Sent(DateTimeOffset.UtcNow, "promo.earlier@promoserverless.test"), DateTimeOffset.UtcNow);
        Assert.True((await store.ReplaceRecipientAsync(scenario.BrandId, send, marked, row.ETag, Cancel)).IsOk);
        using var scope = stack.App.Services.CreateScope();

        await Function(scope).HandleAsync(Message(scenario, send, 0, members[0]), Cancel);
        await Function(scope).HandleAsync(Message(scenario, send, 1, members[1]), Cancel);

        Assert.Single(await stack.Mail.WaitForAsync(members[1].Email!, cancellationToken: Cancel));
        await Task.Delay(500, Cancel);
        Assert.Empty(await stack.Mail.ListToAsync(members[0].Email!, Cancel));
        Assert.Equal((2, 0, 2, 0, 0), EmailScenario.Counts(await scenario.GetSendAsync(send.Value)));
    }

    [Fact]
    public async Task HandleAsync_WhenTheRateLimitRefuses_ShouldRequeueSoTheExcessWaitsAndStillArrives()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await ScheduleAsync(scenario, "Xia", "Yan", "Zed");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limiter = new SendRateLimiter(perMinute: 1, perHour: 100, clock);
        using var scope = stack.App.Services.CreateScope();
        var function = Function(scope, limiter, clock);

        await function.HandleAsync(Message(scenario, send, 0, members[0]), Cancel);
        clock.Advance(TimeSpan.FromSeconds(57)); // the next permit is 3 s away
        await function.HandleAsync(Message(scenario, send, 1, members[1]), Cancel);
        await function.HandleAsync(Message(scenario, send, 2, members[2]), Cancel);

        Assert.Single(await stack.Mail.WaitForAsync(members[0].Email!, cancellationToken: Cancel));
        Assert.IsType<RecipientStatus.Queued>((await RecipientAsync(scenario, send, 1, members[1])).Status);
        Assert.Empty(await stack.Mail.ListToAsync(members[1].Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(members[2].Email!, Cancel));

        // The requeued copies become visible after the wait and the app's own SendEmail delivers them.
        Assert.Single(await stack.Mail.WaitForAsync(members[1].Email!, timeout: TimeSpan.FromSeconds(20), cancellationToken: Cancel));
        Assert.Single(await stack.Mail.WaitForAsync(members[2].Email!, timeout: TimeSpan.FromSeconds(20), cancellationToken: Cancel));
        Assert.Equal("completed", (await scenario.WaitForCompletionAsync(send.Value)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenTheProcessDiesAfterSmtpAcceptedBeforeRecording_ShouldResendOnceWithTheSameMessageId()
    {
        // The documented at-least-once window: nothing records the 250 reply, so the redelivery sends again.
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await ScheduleAsync(scenario, "Abe");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var scope = stack.App.Services.CreateScope();
        var realSender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
        var message = Message(scenario, send, 0, members[0]);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => Function(scope, clock, new CrashAfterAcceptSender(realSender)).HandleAsync(message, Cancel));
        var afterCrash = await RecipientAsync(scenario, send, 0, members[0]);
        await Function(scope, clock).HandleAsync(message with { DequeueCount = 2 }, Cancel);
        var whileClaimed = await RecipientAsync(scenario, send, 0, members[0]);
        clock.Advance(SendEmailFunction.ClaimDuration + TimeSpan.FromSeconds(1));
        await Function(scope, clock).HandleAsync(message with { DequeueCount = 3 }, Cancel);

        Assert.IsType<RecipientStatus.Queued>(afterCrash.Status);
        Assert.NotNull(afterCrash.ClaimedUntil);
        Assert.IsType<RecipientStatus.Queued>(whileClaimed.Status);
        var emails = await stack.Mail.WaitForAsync(members[0].Email!, count: 2, cancellationToken: Cancel);
        Assert.Equal(2, emails.Count);
        Assert.Single(emails.Select(e => e.MessageId).Distinct());
        var sent = Assert.IsType<RecipientStatus.Sent>((await RecipientAsync(scenario, send, 0, members[0])).Status);
        Assert.Equal($"<{sent.MessageId}>", emails[0].MessageId);
    }

    [Fact]
    public async Task HandleAsync_WhenSmtpFailsTransiently_ShouldThrowAndReleaseThenRecordFailedOnTheLastTry()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var (send, members) = await ScheduleAsync(scenario, "Bo");
        using var scope = stack.App.Services.CreateScope();
        var failing = new TransientlyFailingSender();

        await Assert.ThrowsAsync<TransientEmailException>(() => Function(scope, failing).HandleAsync(Message(scenario, send, 0, members[0], dequeueCount: 1), Cancel));
        var afterFirstTry = await RecipientAsync(scenario, send, 0, members[0]);
        await Function(scope, failing).HandleAsync(Message(scenario, send, 0, members[0], dequeueCount: 5), Cancel);

        Assert.IsType<RecipientStatus.Queued>(afterFirstTry.Status);
        Assert.Null(afterFirstTry.ClaimedUntil);
        var failed = Assert.IsType<RecipientStatus.Failed>((await RecipientAsync(scenario, send, 0, members[0])).Status);
        Assert.Equal("Gave up after 5 attempts: 421 Service not available, try later", failed.Reason);
        var status = await scenario.GetSendAsync(send.Value);
        Assert.Equal("completedWithErrors", status.GetProperty("status").GetString());
        Assert.Equal((1, 0, 0, 1, 0), EmailScenario.Counts(status));
    }

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
