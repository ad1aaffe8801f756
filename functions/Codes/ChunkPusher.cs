using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Functions.Brands;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The push activities of a reserved chunk, in rounds the orchestration drives: <see cref="StartAsync"/> starts a
/// <c>discountRedeemCodeBulkAdd</c> job for the codes still open, <see cref="IsDoneAsync"/> looks at it once, and
/// <see cref="SettleAsync"/> settles each code it sent, records the chunk when every member has an outcome, and
/// otherwise leaves the rest (collisions moved to their next code, codes not yet visible) to the next round.
/// Every step may run again: a round's job is stored before its start reports, so a re-run finds it instead of
/// starting another, and a code Shopify already has on our discount counts as created.
/// </summary>
public sealed class ChunkPusher(
    CodeChunks chunks,
    CodeReservations reservations,
    BrandShops shops,
    ShopifyCodePusher pusher,
    CodePushJobStore jobs,
    IShopifyAdminClient shopify,
    CodeChunkRecorder recorder)
{
    public const string NoDiscountReason = "The generation's Shopify discount could not be created.";

    public const string NotConfirmedReason = "Shopify did not confirm the code after several tries.";

    public async Task<CodePushStep> StartAsync(CodePushRound round, CancellationToken cancellationToken)
    {
        var request = round.Push;
        var chunk = await LoadReservedAsync(request, cancellationToken);
        if (chunk.Summary.Stage == ChunkStage.Done)
        {
            return Finished(chunk.Index, chunk.Summary);
        }

        if (await jobs.GetAsync(chunk.Batch.BrandId, chunk.Batch.Id, chunk.Index, round.Round, cancellationToken) is { } earlier)
        {
            return new CodePushStep(null, earlier.BulkCreationId);
        }

        var items = await ReserveCandidatesAsync(chunk, cancellationToken);
        if (request.DiscountId is not { } discountId)
        {
            var reason = chunk.Batch.FailureReason ?? NoDiscountReason;
            return await RecordAsync(chunk, items.Select(i => i.State == BatchItemState.Reserved ? i.Fail(CodeFailureKind.BatchFailed, reason) : i).ToArray(), null, cancellationToken);
        }

        var open = items.Where(i => i.State == BatchItemState.Reserved).Select(i => i.Code!).ToArray();
        if (open.Length == 0)
        {
            return await RecordAsync(chunk, items, discountId, cancellationToken);
        }

        var (jobId, refusal) = await pusher.StartAsync(await ShopAsync(chunk.Batch.BrandId, cancellationToken), discountId, open, cancellationToken);
        if (refusal.Count > 0)
        {
            var reason = "Shopify refused the codes: " + refusal.Describe();
            return await RecordAsync(chunk, items.Select(i => i.State == BatchItemState.Reserved ? i.Fail(CodeFailureKind.RefusedByShopify, reason) : i).ToArray(), discountId, cancellationToken);
        }

        var stored = await jobs.AddAsync(chunk.Batch.BrandId, chunk.Batch.Id, new CodePushJob(chunk.Index, round.Round, jobId, open), cancellationToken);
        return new CodePushStep(null, stored.BulkCreationId);
    }

    public async Task<bool> IsDoneAsync(CodePushJobRef job, CancellationToken cancellationToken)
    {
        var shop = await ShopAsync(new BrandId(job.BrandId), cancellationToken);
        return (await shopify.GetBulkCreationAsync(shop, job.BulkCreationId, cancellationToken))?.Done
            ?? throw new InvalidOperationException($"Bulk creation {job.BulkCreationId} is unknown to {shop.Domain}.");
    }

    public async Task<CodePushStep> SettleAsync(CodePushRound round, CancellationToken cancellationToken)
    {
        var request = round.Push;
        var chunk = await LoadReservedAsync(request, cancellationToken);
        if (chunk.Summary.Stage == ChunkStage.Done)
        {
            return Finished(chunk.Index, chunk.Summary);
        }

        var discountId = request.DiscountId ?? throw new InvalidOperationException($"Chunk {chunk.Index} of batch {chunk.Batch.Id} is settled without a discount.");
        var job = await jobs.GetAsync(chunk.Batch.BrandId, chunk.Batch.Id, chunk.Index, round.Round, cancellationToken)
            ?? throw new InvalidOperationException($"Chunk {chunk.Index} of batch {chunk.Batch.Id} has no push job for round {round.Round}.");
        var items = await ReserveCandidatesAsync(chunk, cancellationToken);
        var settled = await pusher.SettleAsync(chunk, await ShopAsync(chunk.Batch.BrandId, cancellationToken), discountId, items, job, cancellationToken);
        var lastRound = round.Round + 1 >= chunk.Offer.Definition.NamingStrategy.MaxAttempts + 1;
        if (!lastRound && settled.Any(i => i.State is BatchItemState.Reserved or BatchItemState.Planned))
        {
            await chunks.SaveItemsAsync(chunk, settled, cancellationToken);
            return new CodePushStep(null);
        }

        return await RecordAsync(chunk, settled.Select(i => i.State == BatchItemState.Reserved ? i.Fail(CodeFailureKind.NotConfirmed, NotConfirmedReason) : i).ToArray(), discountId, cancellationToken);
    }

    private async Task<CodeChunk> LoadReservedAsync(PushCodesRequest request, CancellationToken cancellationToken)
    {
        var chunk = await chunks.LoadAsync(new CodeChunkRef(request.BrandId, request.BatchId, request.Chunk), cancellationToken);
        return chunk.Summary.Stage is ChunkStage.Reserved or ChunkStage.Done
            ? chunk
            : throw new InvalidOperationException($"Chunk {chunk.Index} of batch {chunk.Batch.Id} is pushed before it is reserved.");
    }

    /// <summary>A collision candidate an earlier try wrote but may not have reserved: reserve it (a no-op if it did).</summary>
    private async Task<IReadOnlyList<BatchItem>> ReserveCandidatesAsync(CodeChunk chunk, CancellationToken cancellationToken)
    {
        var items = chunk.Items.ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is { State: BatchItemState.Planned, Code: not null })
            {
                items[i] = await reservations.ReserveOneAsync(chunk.Batch, chunk.Offer, items[i], cancellationToken);
            }
        }

        return items;
    }

    private async Task<ShopifyShop> ShopAsync(BrandId brand, CancellationToken cancellationToken) =>
        (await shops.GetAsync(brand, cancellationToken))?.Shop ?? throw new InvalidOperationException($"Brand {brand} is missing.");

    private async Task<CodePushStep> RecordAsync(CodeChunk chunk, IReadOnlyList<BatchItem> items, string? discountId, CancellationToken cancellationToken) =>
        Finished(chunk.Index, await recorder.RecordAsync(chunk, items, discountId, cancellationToken));

    private static CodePushStep Finished(int chunk, ChunkSummary summary) => new(new ChunkOutcome(chunk, summary.Created, summary.Failed));
}
