using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Writes a pushed chunk's outcome: each member's code row, the items, then the chunk summary on the batch
/// (which completes the batch when it is the last). Rows are upserts and the summary is set, not added, so a
/// re-delivered message writes the same state again.
/// </summary>
public sealed class CodeChunkRecorder(
    PromoCodeStore codes,
    CodeIndexStore index,
    CodeBatchStore batches,
    ChunkGuard guard,
    IEnumerable<ICodeBatchEmailStarter> emails,
    CrashPoints crashes,
    TimeProvider time)
{
    public async Task RecordAsync(CodeChunkContext context, IReadOnlyList<BatchItem> items, string? discountId, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        var now = time.GetUtcNow();
        var rows = items.Where(i => i.Code is not null && !i.LostMemberClaim).Select(i => CodeRow(batch, i, discountId, now)).ToArray();
        await guard.EnsureStillAtAsync(batch, context.Message.Chunk, context.Summary.Stage, cancellationToken);
        await codes.UpsertManyAsync(batch.BrandId, batch.OfferId, rows, cancellationToken);
        crashes.Hit("record:after-codes");
        foreach (var failed in items.Where(i => i.State == BatchItemState.Failed && i.Code is not null && !i.LostMemberClaim))
        {
            await index.ReleaseAsync(batch.BrandId, failed.Code!, failed.MemberId, cancellationToken);
        }

        await batches.UpsertItemsAsync(batch.BrandId, batch.Id, items, cancellationToken);
        crashes.Hit("record:after-items");

        var summary = new ChunkSummary(
            ChunkStage.Done,
            items.Count,
            items.Count(i => i.State is BatchItemState.Reserved or BatchItemState.Created),
            items.Count(i => i.State == BatchItemState.Created),
            items.Count(i => i.State == BatchItemState.Failed));
        var updated = await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.WithChunk(context.Message.Chunk, summary, time.GetUtcNow()), cancellationToken);
        crashes.Hit("record:after-summary");
        if (updated is { IsTerminal: true, SendEmails: true })
        {
            foreach (var starter in emails)
            {
                await starter.StartAsync(updated, cancellationToken);
            }
        }
    }

    private static PromoCode CodeRow(CodeBatch batch, BatchItem item, string? discountId, DateTimeOffset now) => item.State switch
    {
        BatchItemState.Created => new PromoCode(batch.OfferId, item.MemberId, item.Code!, PromoCode.StatusByDate(batch.StartsAt, batch.EndsAt, now), batch.StartsAt, batch.EndsAt, batch.Id, discountId, null, now, now),
        _ => new PromoCode(batch.OfferId, item.MemberId, item.Code!, PromoCodeStatus.Failed, batch.StartsAt, batch.EndsAt, batch.Id, discountId, item.FailureReason, now, now),
    };
}
