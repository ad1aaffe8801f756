using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Functions.Emails;

namespace PromoServerless.Orchestration.Tests;

/// <summary><c>RunCodeOperation</c> on the in-memory engine, its chunk activity replaced by one that records what ran.</summary>
public sealed class CodeOperationOrchestrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCodeOperation_ShouldRunEveryChunkAFewAtATimeThenComplete()
    {
        var chunks = new ChunkRecorder();

        var end = await RunAsync(chunks, CodeOperationAction.Deactivate, chunkCount: 9);

        Assert.Null(end.FailureReason);
        Assert.Equal(Enumerable.Range(0, 9), chunks.Ran.Order());
        Assert.InRange(chunks.MostAtOnce, 2, RunCodeOperationOrchestration.ChunksAtOnce);
    }

    [Fact]
    public async Task RunCodeOperation_WhenDatesChange_ShouldRunTheChunksOneAfterAnother()
    {
        var chunks = new ChunkRecorder();

        await RunAsync(chunks, CodeOperationAction.ChangeDates, chunkCount: 3);

        Assert.Equal([0, 1, 2], chunks.Ran);
        Assert.Equal(1, chunks.MostAtOnce);
    }

    [Fact]
    public async Task RunCodeOperation_WhenAChunkFailsOnce_ShouldRetryItAndComplete()
    {
        var chunks = new ChunkRecorder { FailuresOfChunk1 = 1 };

        var end = await RunAsync(chunks, CodeOperationAction.Rename, chunkCount: 2);

        Assert.Null(end.FailureReason);
        Assert.Equal(2, chunks.Ran.Count(c => c == 1));
    }

    [Fact]
    public async Task RunCodeOperation_WhenAChunkKeepsFailing_ShouldEndTheOperationFailedWithTheReason()
    {
        var chunks = new ChunkRecorder { FailuresOfChunk1 = int.MaxValue };

        var end = await RunAsync(chunks, CodeOperationAction.Reactivate, chunkCount: 2);

        Assert.Contains("Shopify is down", end.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, chunks.Ran.Count(c => c == 1));
        Assert.Contains(0, chunks.Ran);
    }

    [Fact]
    public async Task RunCodeOperation_WhenTheFinishAnswersANotificationSend_ShouldRunThatSendOnceUnderItsId()
    {
        var sends = new ConcurrentQueue<(string InstanceId, EmailSendRef Send)>();

        await RunAsync(new ChunkRecorder(), CodeOperationAction.Deactivate, chunkCount: 1, notificationSend: "send-9", sends);

        var send = Assert.Single(sends);
        Assert.Equal("send-9", send.InstanceId);
        Assert.Equal(new EmailSendRef("brand", "send-9"), send.Send);
    }

    [Fact]
    public async Task RunCodeOperation_WhenTheFinishAnswersNoSend_ShouldSendNothing()
    {
        var sends = new ConcurrentQueue<(string InstanceId, EmailSendRef Send)>();

        await RunAsync(new ChunkRecorder(), CodeOperationAction.Deactivate, chunkCount: 1, notificationSend: null, sends);

        Assert.Empty(sends);
    }

    private static async Task<CodeOperationEnd> RunAsync(
        ChunkRecorder chunks, CodeOperationAction action, int chunkCount, string? notificationSend = null, ConcurrentQueue<(string InstanceId, EmailSendRef Send)>? sends = null)
    {
        var ended = new TaskCompletionSource<CodeOperationEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TestEngine.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<CodeOperationRef>(CodeOperationNames.RunCodeOperation, (context, _) => RunCodeOperationOrchestration.RunCodeOperation(context));
            tasks.AddActivityFunc<CodeOperationChunkRef, StepCounts>(CodeOperationNames.RunCodeOperationChunk, (_, chunk) => chunks.RunAsync(chunk!));
            tasks.AddActivityFunc<CodeOperationEnd, string?>(CodeOperationNames.FinishCodeOperation, (_, end) =>
            {
                ended.TrySetResult(end!);
                return notificationSend;
            });
            tasks.AddOrchestratorFunc<EmailSendRef>(EmailOrchestrationNames.SendEmails, (context, send) =>
            {
                sends?.Enqueue((context.InstanceId, send!));
                return Task.CompletedTask;
            });
        });

        var id = Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(CodeOperationNames.RunCodeOperation, new CodeOperationRef("brand", id, action, chunkCount), new StartOrchestrationOptions(id), Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return await ended.Task;
    }

    private sealed class ChunkRecorder
    {
        private readonly ConcurrentQueue<int> _ran = new();
        private int _running;
        private int _mostAtOnce;
        private int _failures;

        public int FailuresOfChunk1 { get; init; }

        public IReadOnlyList<int> Ran => _ran.ToArray();

        public int MostAtOnce => _mostAtOnce;

        public async Task<StepCounts> RunAsync(CodeOperationChunkRef chunk)
        {
            _ran.Enqueue(chunk.Chunk);
            var running = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref _mostAtOnce)) < running && Interlocked.CompareExchange(ref _mostAtOnce, running, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(150);
                if (chunk.Chunk == 1 && Interlocked.Increment(ref _failures) <= FailuresOfChunk1)
                {
                    throw new InvalidOperationException("Shopify is down.");
                }

                return new StepCounts(1, 0, 0);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}
