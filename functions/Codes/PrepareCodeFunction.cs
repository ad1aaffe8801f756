using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Queue <c>code-prepare</c>: for one chunk of a generation, claims each member's code row in the offer,
/// reserves every code store-wide (collisions go through the offer's policy), records the chunk as
/// reserved and hands it to <c>code-push</c>. Every step can run again without changing the outcome.
/// </summary>
public sealed class PrepareCodeFunction(
    CodeChunkLoader loader,
    CodeReservations reservations,
    CodeBatchStore batches,
    PromoCodeStore codes,
    CodeIndexStore index,
    MessageQueue queue,
    ChunkGuard guard,
    CrashPoints crashes,
    TimeProvider time,
    ILogger<PrepareCodeFunction> logger) : IQueueFunction
{
    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        ChunkGuard.RunAsync(() => PrepareAsync(MessageQueue.Deserialize<CodeChunkMessage>(message.Text), cancellationToken), logger);

    private async Task PrepareAsync(CodeChunkMessage chunk, CancellationToken cancellationToken)
    {
        var context = await loader.LoadAsync(chunk, cancellationToken);
        if (context is null || context.Summary.Stage != ChunkStage.Pending)
        {
            if (context is not null && context.Summary.Stage == ChunkStage.Reserved)
            {
                await queue.EnqueueAsync(QueueNames.CodePush, chunk, cancellationToken); // crashed after recording, before handing on
            }

            return;
        }

        var batch = context.Batch;
        var (items, claimed) = await ClaimMembersAsync(context, cancellationToken);
        crashes.Hit("prepare:after-claim");
        items = await reservations.ReserveAsync(batch, context.Offer, items, cancellationToken);
        crashes.Hit("prepare:after-reserve");
        await guard.EnsureStillAtAsync(batch, chunk.Chunk, ChunkStage.Pending, cancellationToken);
        await batches.UpsertItemsAsync(batch.BrandId, batch.Id, items, cancellationToken);
        crashes.Hit("prepare:after-items");
        await WriteCodeRowsAsync(context, items, claimed, cancellationToken);
        crashes.Hit("prepare:after-codes");

        var reserved = items.Count(i => i.State == BatchItemState.Reserved);
        var failed = items.Count(i => i.State == BatchItemState.Failed);
        var summary = new ChunkSummary(ChunkStage.Reserved, items.Count, reserved, 0, failed);
        await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.WithChunk(chunk.Chunk, summary, time.GetUtcNow()), cancellationToken);
        crashes.Hit("prepare:after-summary");
        await queue.EnqueueAsync(QueueNames.CodePush, chunk, cancellationToken);
    }

    /// <summary>Claims the open members' code rows; returns the items and, per member claimed now, the code the row holds.</summary>
    private async Task<(IReadOnlyList<BatchItem> Items, IReadOnlyDictionary<MemberId, string> Claimed)> ClaimMembersAsync(CodeChunkContext context, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        var open = context.Items.Where(i => i.State == BatchItemState.Planned).ToArray();
        var now = time.GetUtcNow();
        var pending = open.Select(i => Pending(batch, i, now)).ToArray();
        var refused = await codes.ClaimForBatchAsync(batch.BrandId, batch.OfferId, pending, cancellationToken);
        var items = context.Items
            .Select(i => refused.Contains(i.MemberId) ? i.Fail(BatchItem.MemberHasLiveCodeReason) : i)
            .ToArray();
        var claimed = pending.Where(p => !refused.Contains(p.MemberId)).ToDictionary(p => p.MemberId, p => p.Code);
        return (items, claimed);
    }

    /// <summary>Rewrites only the rows whose claim does not already say the final word: a changed code, or a failure.</summary>
    private async Task WriteCodeRowsAsync(CodeChunkContext context, IReadOnlyList<BatchItem> items, IReadOnlyDictionary<MemberId, string> claimed, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        var now = time.GetUtcNow();
        var owned = items
            .Where(i => i.Code is not null && (i.State == BatchItemState.Reserved || (i.State == BatchItemState.Failed && !i.LostMemberClaim)))
            .Where(i => !(i.State == BatchItemState.Reserved && claimed.TryGetValue(i.MemberId, out var code) && code == i.Code))
            .ToArray();
        var rows = owned.Select(i => i.State == BatchItemState.Reserved
            ? Pending(batch, i, now)
            : Pending(batch, i, now) with { Status = Domain.Codes.PromoCodeStatus.Failed, FailureReason = i.FailureReason });
        await codes.UpsertManyAsync(batch.BrandId, batch.OfferId, rows, cancellationToken);

        // A member that failed here holds no code: release whatever it may have reserved on the way.
        foreach (var item in items.Where(i => i.State == BatchItemState.Failed && i.Code is not null && !i.LostMemberClaim))
        {
            await index.ReleaseAsync(batch.BrandId, item.Code!, item.MemberId, cancellationToken);
        }
    }

    private static Domain.Codes.PromoCode Pending(CodeBatch batch, BatchItem item, DateTimeOffset now) =>
        new(batch.OfferId, item.MemberId, item.Code ?? string.Empty, Domain.Codes.PromoCodeStatus.Pending, batch.StartsAt, batch.EndsAt, batch.Id, null, null, now, now);
}
