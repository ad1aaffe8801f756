using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Writes a pushed chunk's outcome: each member's code row, the items, then the chunk summary on the batch row.
/// Rows are upserts and the summary is set, not added, so a re-run activity writes the same state again.
/// </summary>
public sealed class CodeChunkRecorder(PromoCodeStore codes, CodeIndexStore index, CodeBatchStore batches, EventPublisher events, TimeProvider time)
{
    public async Task<ChunkSummary> RecordAsync(CodeChunk chunk, IReadOnlyList<BatchItem> items, string? discountId, CancellationToken cancellationToken)
    {
        var batch = chunk.Batch;
        var now = time.GetUtcNow();
        var rows = items.Where(i => i.Code is not null && !i.LostMemberClaim).Select(i => CodeRow(batch, i, discountId, now)).ToArray();
        await codes.UpsertManyAsync(batch.BrandId, batch.OfferId, rows, cancellationToken);
        foreach (var failed in items.Where(i => i.State == BatchItemState.Failed && i.Code is not null && !i.LostMemberClaim))
        {
            await index.ReleaseAsync(batch.BrandId, failed.Code!, failed.MemberId, cancellationToken);
        }

        await batches.UpsertItemsAsync(batch.BrandId, batch.Id, items, cancellationToken);
        var summary = new ChunkSummary(
            ChunkStage.Done,
            items.Count,
            items.Count(i => i.State is BatchItemState.Reserved or BatchItemState.Created),
            items.Count(i => i.State == BatchItemState.Created),
            items.Count(i => i.State == BatchItemState.Failed));
        await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.WithChunk(chunk.Index, summary), cancellationToken);
        await events.PublishManyAsync(batch.BrandId, EventType.CodeCreated, EventData.CodesCreated(batch, chunk.Index, items), cancellationToken);
        return summary;
    }

    private static PromoCode CodeRow(CodeBatch batch, BatchItem item, string? discountId, DateTimeOffset now) => item.State switch
    {
        BatchItemState.Created => new PromoCode(batch.OfferId, item.MemberId, item.Code!, PromoCode.StatusByDate(batch.StartsAt, batch.EndsAt, now), batch.StartsAt, batch.EndsAt, batch.Id, discountId, null, now, now, batch.PayoutOptionLabel),
        _ => new PromoCode(batch.OfferId, item.MemberId, item.Code!, PromoCodeStatus.Failed, batch.StartsAt, batch.EndsAt, batch.Id, discountId, item.FailureReason, now, now),
    };
}
