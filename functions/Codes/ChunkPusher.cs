using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;
using PromoServerless.Functions.Brands;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The <c>PushCodes</c> activity: adds a reserved chunk's codes to the generation's discount with
/// <c>discountRedeemCodeBulkAdd</c> and records every member's outcome. A re-run pushes what is not yet
/// recorded again; a code Shopify already has on our discount counts as created, so a lost answer
/// neither duplicates nor loses a code.
/// </summary>
public sealed class ChunkPusher(CodeChunks chunks, CodeReservations reservations, BrandShops shops, ShopifyCodePusher pusher, CodeChunkRecorder recorder)
{
    public const string NoDiscountReason = "The generation's Shopify discount could not be created.";

    public async Task<ChunkOutcome> PushAsync(PushCodesRequest request, CancellationToken cancellationToken)
    {
        var chunk = await chunks.LoadAsync(new CodeChunkRef(request.BrandId, request.BatchId, request.Chunk), cancellationToken);
        if (chunk.Summary.Stage == ChunkStage.Done)
        {
            return Outcome(chunk.Index, chunk.Summary);
        }

        if (chunk.Summary.Stage != ChunkStage.Reserved)
        {
            throw new InvalidOperationException($"Chunk {chunk.Index} of batch {chunk.Batch.Id} is pushed before it is reserved.");
        }

        // A collision candidate an earlier try wrote but may not have reserved: reserve it (a no-op if it did).
        var items = chunk.Items.ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { State: BatchItemState.Planned, Code: not null })
            {
                items[i] = await reservations.ReserveOneAsync(chunk.Batch, chunk.Offer, items[i], cancellationToken);
            }
        }

        IReadOnlyList<BatchItem> settled;
        if (request.DiscountId is not { } discountId)
        {
            var reason = chunk.Batch.FailureReason ?? NoDiscountReason;
            settled = items.Select(i => i.State == BatchItemState.Reserved ? i.Fail(CodeFailureKind.BatchFailed, reason) : i).ToArray();
        }
        else
        {
            var (_, shop) = await shops.GetAsync(chunk.Batch.BrandId, cancellationToken) ?? throw new InvalidOperationException($"Brand {chunk.Batch.BrandId} is missing.");
            settled = await pusher.PushAsync(chunk, shop, discountId, items, cancellationToken);
        }

        return Outcome(chunk.Index, await recorder.RecordAsync(chunk, settled, request.DiscountId, cancellationToken));
    }

    private static ChunkOutcome Outcome(int chunk, ChunkSummary summary) => new(chunk, summary.Created, summary.Failed);
}
