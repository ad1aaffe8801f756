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
    public async Task<CodeChunkContext?> LoadAsync(CodeChunkMessage message, CancellationToken cancellationToken)
    {
        var batch = await batches.GetAsync(message.Brand, message.Batch, cancellationToken);
        if (batch is null || message.Chunk < 0 || message.Chunk >= batch.Value.Chunks.Count)
        {
            return null;
        }

        var offer = await offers.GetAsync(message.Brand, batch.Value.OfferId, cancellationToken)
            ?? throw new InvalidOperationException($"Offer {batch.Value.OfferId} of batch {batch.Value.Id} is missing.");
        var items = await batches.GetChunkItemsAsync(message.Brand, message.Batch, message.Chunk, cancellationToken);
        return new CodeChunkContext(message, batch.Value, offer.Value, items);
    }
}
