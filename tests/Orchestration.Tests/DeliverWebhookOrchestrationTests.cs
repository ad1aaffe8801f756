using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PromoServerless.Functions.Webhooks;

namespace PromoServerless.Orchestration.Tests;

/// <summary><c>DeliverWebhook</c> on the in-memory engine, its attempt activity scripted: the retry schedule and when a subscription is disabled.</summary>
public sealed class DeliverWebhookOrchestrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600)];

    [Fact]
    public async Task DeliverWebhook_WhenTheReceiverRecovers_ShouldRetryAfterEachDelayThenStopDelivered()
    {
        var receiver = new ScriptedAttempts(AttemptOutcome.Failed, AttemptOutcome.Failed, AttemptOutcome.Delivered);

        var end = await RunAsync(receiver);

        Assert.Equal(DeliveryEnd.Delivered, end);
        Assert.Equal([1, 2, 3], receiver.Attempts.Select(a => a.Attempt));
        Assert.Empty(receiver.Disabled);
        var times = receiver.Attempts.Select(a => a.ScheduledAt).ToArray();
        Assert.True(times[1] - times[0] >= Delays[0], $"The second attempt came {times[1] - times[0]} after the first.");
        Assert.True(times[2] - times[1] >= Delays[1], $"The third attempt came {times[2] - times[1]} after the second.");
        Assert.Equal([times[0] + Delays[0], times[1] + Delays[1], (DateTimeOffset?)null], receiver.Attempts.Select(a => a.NextAttemptAt));
    }

    [Fact]
    public async Task DeliverWebhook_WhenEveryAttemptFails_ShouldMakeOneAttemptPerDelayPlusOneThenDisableOnceSinceTheFirst()
    {
        var receiver = new ScriptedAttempts();

        var end = await RunAsync(receiver);

        Assert.Equal(DeliveryEnd.GaveUp, end);
        Assert.Equal(Delays.Length + 1, receiver.Attempts.Length);
        Assert.Single(receiver.Disabled);
        Assert.Equal(receiver.Attempts[0].ScheduledAt, receiver.Disabled.Single().FailingSince);
        Assert.All(receiver.Attempts, a => Assert.Equal("evt_1", a.EventId));
    }

    [Fact]
    public async Task DeliverWebhook_WhenTheSubscriptionIsGone_ShouldStopWithoutRetryingOrDisabling()
    {
        var receiver = new ScriptedAttempts(AttemptOutcome.Failed, AttemptOutcome.SubscriptionInactive);

        var end = await RunAsync(receiver);

        Assert.Equal(DeliveryEnd.SubscriptionInactive, end);
        Assert.Equal(2, receiver.Attempts.Length);
        Assert.Empty(receiver.Disabled);
    }

    private static async Task<DeliveryEnd> RunAsync(ScriptedAttempts receiver)
    {
        await using var host = await TestEngine.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<DeliverWebhookInput, DeliveryEnd>(WebhookDeliveryNames.DeliverWebhook, (context, _) => DeliverWebhookOrchestration.Run(context));
            tasks.AddActivityFunc<WebhookAttemptRequest, AttemptOutcome>(WebhookDeliveryNames.AttemptWebhookDelivery, (_, request) => receiver.Attempt(request!));
            tasks.AddActivityFunc<DisableSubscriptionRequest>(WebhookDeliveryNames.DisableWebhookSubscription, (_, request) =>
            {
                receiver.Disabled.Enqueue(request!);
                return Task.CompletedTask;
            });
        });

        var id = WebhookDeliveryNames.InstanceId("evt_1", "sub");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(WebhookDeliveryNames.DeliverWebhook, new DeliverWebhookInput("brand", "evt_1", "sub", Delays), new StartOrchestrationOptions(id), Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<DeliveryEnd>();
    }

    /// <summary>Answers each attempt with the next scripted outcome, Failed once the script runs out.</summary>
    private sealed class ScriptedAttempts(params AttemptOutcome[] script)
    {
        private readonly ConcurrentQueue<WebhookAttemptRequest> _attempts = new();

        public WebhookAttemptRequest[] Attempts => _attempts.ToArray();

        public ConcurrentQueue<DisableSubscriptionRequest> Disabled { get; } = new();

        public Task<AttemptOutcome> Attempt(WebhookAttemptRequest request)
        {
            // A replayed orchestrator does not call activities again, so each call is one attempt.
            _attempts.Enqueue(request);
            return Task.FromResult(request.Attempt <= script.Length ? script[request.Attempt - 1] : AttemptOutcome.Failed);
        }
    }
}
