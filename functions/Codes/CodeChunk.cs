using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>What a chunk activity reads before it works: the batch row, the offer and the chunk's items.</summary>
public sealed record CodeChunk(CodeBatch Batch, Offer Offer, int Index, IReadOnlyList<BatchItem> Items)
{
    public ChunkSummary Summary => Batch.Chunks[Index];
}

public sealed class CodeChunks(CodeBatchStore batches, OfferStore offers, CodeBatchFiles files)
{
    /// <summary>
    /// The chunk as stored. <paramref name="withPlan"/> (for its reservation) starts from the chunk's plan file and
    /// takes every item an earlier try already wrote over it; afterwards the items table holds the whole chunk.
    /// </summary>
    public async Task<CodeChunk> LoadAsync(CodeChunkRef chunk, CancellationToken cancellationToken, bool withPlan = false)
    {
        var (brand, id) = (new BrandId(chunk.BrandId), new CodeBatchId(chunk.BatchId));
        var batch = (await batches.GetAsync(brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Batch {id} is missing.");
        if (chunk.Chunk < 0 || chunk.Chunk >= batch.Chunks.Count)
        {
            throw new InvalidOperationException($"Batch {id} has no chunk {chunk.Chunk}.");
        }

        var offer = await offers.GetAsync(brand, batch.OfferId, cancellationToken)
            ?? throw new InvalidOperationException($"Offer {batch.OfferId} of batch {id} is missing.");
        var items = await batches.GetChunkItemsAsync(brand, id, chunk.Chunk, cancellationToken);
        if (withPlan)
        {
            var written = items.ToDictionary(i => i.MemberId);
            var plan = await files.GetPlanAsync(brand, id, chunk.Chunk, cancellationToken);
            items = plan.Select(i => written.GetValueOrDefault(i.MemberId, i)).ToArray();
        }

        return new CodeChunk(batch, offer.Value, chunk.Chunk, items);
    }

    /// <summary>Writes the items of a chunk that is still open (the chunk summary is unchanged).</summary>
    public Task SaveItemsAsync(CodeChunk chunk, IEnumerable<BatchItem> items, CancellationToken cancellationToken) =>
        batches.UpsertItemsAsync(chunk.Batch.BrandId, chunk.Batch.Id, items, cancellationToken);
}
