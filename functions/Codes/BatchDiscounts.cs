using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Brands;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The <c>CreateBatchDiscount</c> activity: creates the generation's one Shopify discount, named by the first
/// reserved code of the chunk the orchestration gives it. The orchestration calls it once; a re-run after a crash
/// finds the discount id on the batch row, or, when Shopify created it but the answer was lost, meets
/// <c>TAKEN</c> on its own first code and adopts the discount it finds under that code. A first code taken by
/// something outside this product moves its member to the collision policy's next code, and that is tried.
/// </summary>
public sealed class BatchDiscounts(
    CodeChunks chunks,
    CodeBatchStore batches,
    BrandShops shops,
    IShopifyAdminClient shopify,
    CodeIndexStore index,
    CodeReservations reservations)
{
    public async Task<BatchDiscountResult> EnsureAsync(CodeChunkRef chunkRef, CancellationToken cancellationToken)
    {
        var chunk = await chunks.LoadAsync(chunkRef, cancellationToken);
        var batch = chunk.Batch;
        if (batch.ShopifyDiscountId is { } known)
        {
            return new BatchDiscountResult(known);
        }

        if (batch.FailureReason is not null)
        {
            return new BatchDiscountResult(null);
        }

        var (_, shop) = await shops.GetAsync(batch.BrandId, cancellationToken) ?? throw new InvalidOperationException($"Brand {batch.BrandId} is missing.");
        var items = chunk.Items.ToList();
        var definition = chunk.Offer.Definition;
        var firstCode = FirstCode(items);
        for (var attempt = 0; firstCode is not null && attempt <= definition.NamingStrategy.MaxAttempts; attempt++)
        {
            var result = await shopify.CreateDiscountAsync(shop, DiscountSpecs.For(definition, batch, firstCode), cancellationToken: cancellationToken);
            var discountId = result.Succeeded ? result.Value!.Id : null;
            if (discountId is null && result.UserErrors.Any(e => e.IsTaken))
            {
                discountId = await AdoptIfOursAsync(chunk, shop, firstCode, cancellationToken);
                if (discountId is null)
                {
                    firstCode = await MoveToNextCodeAsync(chunk, items, firstCode, cancellationToken);
                    continue;
                }
            }

            if (discountId is null)
            {
                return await FailAsync(batch, "Shopify refused the discount: " + result.UserErrors.Describe(), cancellationToken);
            }

            var saved = await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.ShopifyDiscountId is null ? b with { ShopifyDiscountId = discountId } : b, cancellationToken);
            return new BatchDiscountResult(saved?.ShopifyDiscountId ?? discountId);
        }

        return await FailAsync(batch, "Shopify refused every first code tried for this generation's discount.", cancellationToken);
    }

    /// <summary>The chunk's first code held for its member: reserved, or a collision candidate an earlier try wrote.</summary>
    private static string? FirstCode(IEnumerable<BatchItem> items) =>
        items.FirstOrDefault(i => i.Code is not null && i.State is BatchItemState.Reserved or BatchItemState.Planned)?.Code;

    private async Task<BatchDiscountResult> FailAsync(CodeBatch batch, string reason, CancellationToken cancellationToken)
    {
        await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.Fail(reason), cancellationToken);
        return new BatchDiscountResult(null);
    }

    private async Task<string?> AdoptIfOursAsync(CodeChunk chunk, ShopifyShop shop, string code, CancellationToken cancellationToken)
    {
        var existing = await shopify.FindDiscountByCodeAsync(shop, code, cancellationToken);
        var owner = await index.GetAsync(chunk.Batch.BrandId, code, cancellationToken);
        var reservedForThisBatch = owner is { External: false } && owner.BatchId == chunk.Batch.Id;
        return existing is not null && reservedForThisBatch && existing.Title == chunk.Offer.Definition.GroupName ? existing.Id : null;
    }

    /// <summary>Moves the member holding <paramref name="takenCode"/> on; returns the chunk's next first code, null when none is left.</summary>
    private async Task<string?> MoveToNextCodeAsync(CodeChunk chunk, List<BatchItem> items, string takenCode, CancellationToken cancellationToken)
    {
        var position = items.FindIndex(i => string.Equals(i.Code, takenCode, StringComparison.OrdinalIgnoreCase) && i.State is BatchItemState.Reserved or BatchItemState.Planned);
        items[position] = await reservations.RetryWithNextCodeAsync(chunk.Batch, chunk.Offer, items[position], cancellationToken);
        if (items[position].State == BatchItemState.Failed)
        {
            // Written now, so the push records the member as failed instead of pushing the taken code.
            await batches.UpsertItemsAsync(chunk.Batch.BrandId, chunk.Batch.Id, [items[position]], cancellationToken);
        }

        return FirstCode(items);
    }
}
