using System.Text.Json;
using Azure.Data.Tables;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>What one recovery pass did.</summary>
public sealed record RecoveryReport(int Dispatched, int Redriven, int Dropped, int ChunksFailed);

/// <summary>
/// Repairs generations that stalled: dispatches batches whose fan-out was interrupted, and sends poisoned
/// chunk messages back to work (a message is poisoned after five deliveries, which a run of crashes can
/// cause). A batch whose messages keep coming back has its open chunks failed with a reason, so nothing
/// waits forever and nothing stays in a poison queue without a trace on its batch.
/// </summary>
public sealed class CodeBatchRecovery(
    StorageClients storage,
    CodeBatchStore batches,
    CodeBatchDispatcher dispatcher,
    CodeChunkLoader loader,
    CodeChunkRecorder recorder,
    TimeProvider time,
    ILogger<CodeBatchRecovery> logger)
{
    private static readonly TimeSpan DispatchGrace = TimeSpan.FromMinutes(1);

    public async Task<RecoveryReport> RunAsync(CancellationToken cancellationToken)
    {
        var dispatched = await DispatchStalledAsync(cancellationToken);
        var (redriven, dropped, failed) = (0, 0, 0);
        foreach (var queue in new[] { QueueNames.CodePrepare, QueueNames.CodePush })
        {
            var report = await RedrivePoisonAsync(queue, cancellationToken);
            (redriven, dropped, failed) = (redriven + report.Redriven, dropped + report.Dropped, failed + report.ChunksFailed);
        }

        return new RecoveryReport(dispatched, redriven, dropped, failed);
    }

    private async Task<int> DispatchStalledAsync(CancellationToken cancellationToken)
    {
        var table = new DocumentTable<CodeBatch>(storage.Table(TableNames.Batches));
        var count = 0;
        await foreach (var stored in table.QueryAsync(TableClient.CreateQueryFilter($"Status eq {nameof(CodeBatchStatus.Queued)}"), cancellationToken))
        {
            if (!stored.Value.Dispatched && time.GetUtcNow() - stored.Value.CreatedAt > DispatchGrace)
            {
                await dispatcher.DispatchAsync(stored.Value, cancellationToken);
                count++;
            }
        }

        return count;
    }

    private async Task<RecoveryReport> RedrivePoisonAsync(string queueName, CancellationToken cancellationToken)
    {
        var poison = storage.Queue(QueueNames.Poison(queueName));
        var target = storage.Queue(queueName);
        var (redriven, dropped, failed) = (0, 0, 0);
        while (true)
        {
            var messages = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (messages.Length == 0)
            {
                break;
            }

            foreach (var message in messages)
            {
                var chunk = TryRead(message.MessageText);
                if (chunk is null)
                {
                    logger.LogError("Poison message {MessageId} in {Queue} is not a chunk message; left for an operator.", message.MessageId, poison.Name);
                    continue;
                }

                var batch = await batches.UpdateAsync(chunk.Brand, chunk.Batch, b => b.IsTerminal ? b : b with { Redrives = b.Redrives + 1 }, cancellationToken);
                if (batch is null || batch.IsTerminal)
                {
                    dropped++;
                }
                else if (batch.RedrivesExhausted)
                {
                    await FailChunkAsync(chunk, cancellationToken);
                    failed++;
                }
                else
                {
                    await target.SendMessageAsync(message.MessageText, cancellationToken);
                    redriven++;
                }

                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }

        return new RecoveryReport(0, redriven, dropped, failed);
    }

    private async Task FailChunkAsync(CodeChunkMessage chunk, CancellationToken cancellationToken)
    {
        var context = await loader.LoadAsync(chunk, cancellationToken);
        if (context is null || context.Summary.Stage == ChunkStage.Done)
        {
            return;
        }

        const string reason = "Processing this member's code kept failing; see the function logs and try again in a new generation.";
        logger.LogError("Failing chunk {Chunk} of batch {Batch}: its messages kept failing.", chunk.Chunk, chunk.BatchId);
        try
        {
            await recorder.RecordAsync(context, context.Items.Select(i => i.IsFinished ? i : i.Fail(reason)).ToArray(), context.Batch.ShopifyDiscountId, cancellationToken);
        }
        catch (ChunkMovedOnException)
        {
            // A delivery finished the chunk meanwhile: its outcome stands.
        }
    }

    private static CodeChunkMessage? TryRead(string text)
    {
        try
        {
            return MessageQueue.Deserialize<CodeChunkMessage>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
