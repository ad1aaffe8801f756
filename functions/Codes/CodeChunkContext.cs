using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>Everything a chunk handler reads before it works: the batch, the offer and the chunk's items.</summary>
public sealed record CodeChunkContext(CodeChunkMessage Message, CodeBatch Batch, Offer Offer, IReadOnlyList<BatchItem> Items)
{
    public ChunkSummary Summary => Batch.Chunks[Message.Chunk];
}

public sealed class CodeChunkLoader(CodeBatchStore batches, OfferStore offers)
{
    /// <summary>Null when the message names no work (batch gone, chunk out of range).</summary>
    public async Task<CodeChunkContext?> LoadAsync(CodeChunkMessage message, CancellationToken cancellationToken) =>
        await LoadBatchAsync(message, cancellationToken) is { } batch ? await LoadAsync(message, batch, cancellationToken) : null;

    /// <summary>The batch row alone, for a handler that can decide from it; null as for <see cref="LoadAsync(CodeChunkMessage, CancellationToken)"/>.</summary>
    public async Task<CodeBatch?> LoadBatchAsync(CodeChunkMessage message, CancellationToken cancellationToken)
    {
        var batch = await batches.GetAsync(message.Brand, message.Batch, cancellationToken);
        return batch is null || message.Chunk < 0 || message.Chunk >= batch.Value.Chunks.Count ? null : batch.Value;
    }

    /// <summary>The rest of the context for a batch row the handler has just read.</summary>
    public async Task<CodeChunkContext> LoadAsync(CodeChunkMessage message, CodeBatch batch, CancellationToken cancellationToken)
    {
        var offer = await offers.GetAsync(message.Brand, batch.OfferId, cancellationToken)
            ?? throw new InvalidOperationException($"Offer {batch.OfferId} of batch {batch.Id} is missing.");
        var items = await batches.GetChunkItemsAsync(message.Brand, message.Batch, message.Chunk, cancellationToken);
        return new CodeChunkContext(message, batch, offer.Value, items);
    }
}
