using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;

namespace PromoServerless.Orchestration.Tests;

/// <summary>
/// <c>SendEmails</c> on the in-memory engine with its activities replaced by a mailbox that keeps, like the
/// recipient rows do, who has been sent: the tests watch when and how often each recipient goes out.
/// </summary>
public sealed class EmailOrchestrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendEmails_WhenTheRateIsSpent_ShouldWaitOnADurableTimerUntilTheWindowFrees()
    {
        var window = TimeSpan.FromSeconds(3);
        var mailbox = new Mailbox([["a"], ["b"], ["c"]]);
        var plan = Plan(mailbox, rates: [new SendRate(2, window)]);

        var counts = await RunAsync(mailbox, plan);

        Assert.Equal(3, counts.Sent);
        var times = mailbox.SentAt.OrderBy(s => s.Value).Select(s => s.Value).ToArray();
        Assert.True(times[1] - times[0] < window, "The first two fit in the rate and go at once.");
        Assert.True(times[2] - times[0] >= window - TimeSpan.FromMilliseconds(100), $"The third went {times[2] - times[0]} after the first.");
    }

    [Fact]
    public async Task SendEmails_WhenAChunkActivityFails_ShouldTryItAgainLaterWithoutSendingAnyoneTwice()
    {
        var mailbox = new Mailbox([["a", "b"], ["c"]]) { FailAfterFirstSendOfChunk = 0 };
        var plan = Plan(mailbox, retryDelay: TimeSpan.FromSeconds(1));

        var counts = await RunAsync(mailbox, plan);

        Assert.Equal(3, counts.Sent);
        Assert.All(mailbox.Sends.GroupBy(s => s), g => Assert.Single(g));
        var tries = mailbox.Orders.Where(o => o.Chunk == 0).ToArray();
        Assert.Equal([1, 2], tries.Select(o => o.Attempt));
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(0.9), "The second try waits for the retry delay.");
    }

    [Fact]
    public async Task SendEmails_WhenAChunkKeepsFailing_ShouldMarkItsLastTrySoTroubleIsRecordedAsFailures()
    {
        var mailbox = new Mailbox([["a"]]) { FailUntilLastAttempt = true };
        var plan = Plan(mailbox, maxAttempts: 3, retryDelay: TimeSpan.FromMilliseconds(100));

        await RunAsync(mailbox, plan);

        Assert.Equal([(1, false), (2, false), (3, true)], mailbox.Orders.Select(o => (o.Attempt, o.LastAttempt)));
    }

    [Fact]
    public async Task SendEmails_WhenScheduled_ShouldSendNothingBeforeSendAt()
    {
        var mailbox = new Mailbox([["a"], ["b"]]);
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var plan = Plan(mailbox) with { SendAt = sendAt };

        var counts = await RunAsync(mailbox, plan);

        Assert.Equal(2, counts.Sent);
        Assert.All(mailbox.Orders, o => Assert.True(o.At >= sendAt, $"A chunk ran at {o.At:O}, before {sendAt:O}."));
    }

    [Fact]
    public async Task SendEmails_WhenTheRateIsNotTheLimit_ShouldRunSeveralChunksAtOnceButNoMoreThanAWave()
    {
        var mailbox = new Mailbox(Enumerable.Range(0, 5).Select(i => new[] { $"m{i}" }).ToArray());
        var plan = Plan(mailbox) with { ChunksPerWave = 3 };

        var counts = await RunAsync(mailbox, plan);

        Assert.Equal(5, counts.Sent);
        Assert.InRange(mailbox.MostAtOnce, 2, 3);
    }

    private static EmailSendPlan Plan(Mailbox mailbox, IReadOnlyList<SendRate>? rates = null, int maxAttempts = 5, TimeSpan? retryDelay = null) =>
        new(mailbox.ChunkCount, SendAt: null, rates ?? [new SendRate(100_000, TimeSpan.FromMinutes(1))], ChunksPerWave: 10, maxAttempts, retryDelay ?? TimeSpan.FromMilliseconds(200));

    private static async Task<EmailSendCounts> RunAsync(Mailbox mailbox, EmailSendPlan plan)
    {
        await using var host = await TestEngine.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<EmailSendRef, EmailSendCounts>(EmailOrchestrationNames.SendEmails, (context, _) => SendEmailsOrchestration.SendEmails(context));
            tasks.AddActivityFunc<EmailSendRef, EmailSendPlan>(EmailActivityNames.PlanEmailSend, (_, _) => plan);
            tasks.AddActivityFunc<EmailChunkOrder, EmailChunkResult>(EmailActivityNames.SendEmailChunk, (_, order) => mailbox.SendAsync(order!));
            tasks.AddActivityFunc<EmailSendRef, EmailSendCounts>(EmailActivityNames.CompleteEmailSend, (_, _) => mailbox.Counts());
            tasks.AddActivityFunc<EmailSendRef, bool>(Functions.Automation.ScheduledStartNames.BeginScheduledEmailSend, (_, _) => true);
        });

        var id = Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(EmailOrchestrationNames.SendEmails, new EmailSendRef("brand", id), new StartOrchestrationOptions(id), Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<EmailSendCounts>()!;
    }

    private sealed record TakenOrder(int Chunk, int Attempt, bool LastAttempt, DateTimeOffset At);

    /// <summary>Recipients by chunk; a recipient once sent stays sent, as its row would.</summary>
    private sealed class Mailbox(string[][] chunks)
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _sent = new();
        private readonly ConcurrentQueue<string> _sends = new();
        private readonly ConcurrentQueue<TakenOrder> _orders = new();
        private int _running;
        private int _mostAtOnce;

        public int ChunkCount => chunks.Length;

        public int? FailAfterFirstSendOfChunk { get; init; }

        public bool FailUntilLastAttempt { get; init; }

        public IReadOnlyDictionary<string, DateTimeOffset> SentAt => _sent;

        public IReadOnlyList<string> Sends => _sends.ToArray();

        public IReadOnlyList<TakenOrder> Orders => _orders.OrderBy(o => o.At).ToArray();

        public int MostAtOnce => _mostAtOnce;

        public async Task<EmailChunkResult> SendAsync(EmailChunkOrder order)
        {
            _orders.Enqueue(new TakenOrder(order.Chunk, order.Attempt, order.LastAttempt, DateTimeOffset.UtcNow));
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            try
            {
                // Long enough for the wave's other chunks to start alongside.
                await Task.Delay(200);
                if (FailUntilLastAttempt && !order.LastAttempt)
                {
                    throw new InvalidOperationException("SMTP is down.");
                }

                var handed = 0;
                foreach (var recipient in chunks[order.Chunk].Where(r => !_sent.ContainsKey(r)).Take(order.Limit))
                {
                    _sent[recipient] = DateTimeOffset.UtcNow;
                    _sends.Enqueue(recipient);
                    handed++;
                    if (FailAfterFirstSendOfChunk == order.Chunk && order.Attempt == 1)
                    {
                        throw new InvalidOperationException("The connection dropped after the first email.");
                    }
                }

                return new EmailChunkResult(handed, chunks[order.Chunk].All(_sent.ContainsKey));
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public EmailSendCounts Counts()
        {
            var total = chunks.Sum(c => c.Length);
            return new EmailSendCounts(total, total - _sent.Count, _sent.Count, 0, 0);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}

/// <summary>Starts the in-memory engine; its random port can clash with another test's host starting at the same moment, so a clash is retried.</summary>
internal static class TestEngine
{
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> tasks)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(tasks, cancellationToken: TestContext.Current.CancellationToken);
            }
            catch (IOException) when (attempt < 5)
            {
                // Address already in use: another port is picked on the next try.
            }
        }
    }
}
