using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The <c>ReserveCodes</c> activity: for one chunk, reads its plan, claims each planned member's code row in the offer,
/// reserves every code store-wide (collisions go through the offer's policy), writes the items and code rows,
/// and records the chunk as reserved (or done, when no member holds a code). Every write is an upsert or a
/// claim that recognises its own earlier try, so running again after a crash anywhere reaches the same state.
/// </summary>
public sealed class ChunkReserver(CodeChunks chunks, CodeReservations reservations, CodeBatchStore batches, PromoCodeStore codes, CodeIndexStore index, TimeProvider time)
{
    public async Task<ChunkReservation> ReserveAsync(CodeChunkRef chunkRef, CancellationToken cancellationToken)
    {
        var chunk = await chunks.LoadAsync(chunkRef, cancellationToken, withPlan: true);
        if (chunk.Summary.Stage != ChunkStage.Pending)
        {
            return new ChunkReservation(chunk.Index, chunk.Summary.Stage == ChunkStage.Reserved ? chunk.Summary.Reserved : 0);
        }

        var batch = chunk.Batch;
        var (items, claimed) = await ClaimMembersAsync(chunk, cancellationToken);
        items = await reservations.ReserveAsync(batch, chunk.Offer, items, cancellationToken);
        await batches.UpsertItemsAsync(batch.BrandId, batch.Id, items, cancellationToken);
        await WriteCodeRowsAsync(batch, items, claimed, cancellationToken);

        var reserved = items.Count(i => i.State == BatchItemState.Reserved);
        var failed = items.Count(i => i.State == BatchItemState.Failed);
        var summary = new ChunkSummary(reserved == 0 ? ChunkStage.Done : ChunkStage.Reserved, items.Count, reserved, 0, failed);
        await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.WithChunk(chunk.Index, summary), cancellationToken);
        return new ChunkReservation(chunk.Index, reserved);
    }

    /// <summary>Claims the planned members' code rows; returns the items and, per member claimed now, the code the row holds.</summary>
    private async Task<(IReadOnlyList<BatchItem> Items, IReadOnlyDictionary<MemberId, string> Claimed)> ClaimMembersAsync(CodeChunk chunk, CancellationToken cancellationToken)
    {
        var batch = chunk.Batch;
        var now = time.GetUtcNow();
        var pending = chunk.Items.Where(i => i.State == BatchItemState.Planned).Select(i => Pending(batch, i, now)).ToArray();
        var refused = await codes.ClaimForBatchAsync(batch.BrandId, batch.OfferId, pending, cancellationToken);
        var items = chunk.Items
            .Select(i => refused.Contains(i.MemberId) ? i.Fail(CodeFailureKind.MemberHasLiveCode, BatchItem.MemberHasLiveCodeReason) : i)
            .ToArray();
        var claimed = pending.Where(p => !refused.Contains(p.MemberId)).ToDictionary(p => p.MemberId, p => p.Code);
        return (items, claimed);
    }

    /// <summary>Rewrites only the rows whose claim does not already say the final word: a changed code, or a failure.</summary>
    private async Task WriteCodeRowsAsync(CodeBatch batch, IReadOnlyList<BatchItem> items, IReadOnlyDictionary<MemberId, string> claimed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owned = items
            .Where(i => i.Code is not null && (i.State == BatchItemState.Reserved || (i.State == BatchItemState.Failed && !i.LostMemberClaim)))
            .Where(i => !(i.State == BatchItemState.Reserved && claimed.TryGetValue(i.MemberId, out var code) && code == i.Code))
            .ToArray();
        var rows = owned.Select(i => i.State == BatchItemState.Reserved
            ? Pending(batch, i, now)
            : Pending(batch, i, now) with { Status = PromoCodeStatus.Failed, FailureReason = i.FailureReason });
        await codes.UpsertManyAsync(batch.BrandId, batch.OfferId, rows, cancellationToken);

        // A member that failed here holds no code: release whatever it may have reserved on the way.
        foreach (var item in items.Where(i => i.State == BatchItemState.Failed && i.Code is not null && !i.LostMemberClaim))
        {
            await index.ReleaseAsync(batch.BrandId, item.Code!, item.MemberId, cancellationToken);
        }
    }

    private static PromoCode Pending(CodeBatch batch, BatchItem item, DateTimeOffset now) =>
        new(batch.OfferId, item.MemberId, item.Code ?? string.Empty, PromoCodeStatus.Pending, batch.StartsAt, batch.EndsAt, batch.Id, null, null, now, now);
}
