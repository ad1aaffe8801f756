using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

public abstract record BatchDiscount
{
    /// <summary>Another chunk is creating it.</summary>
    public sealed record Wait : BatchDiscount;

    public sealed record Failed(string Reason) : BatchDiscount;

    /// <summary>The discount exists; <see cref="Items"/> are the chunk's items after its creation (its first code may be created already).</summary>
    public sealed record Ready(string DiscountId, IReadOnlyList<BatchItem> Items) : BatchDiscount;
}

/// <summary>
/// Creates a generation's one Shopify discount exactly once. One chunk claims the creation on the batch row
/// (ETag); the claim records the first code, so a chunk taking over a stale claim first looks that code up
/// and adopts a discount that was in fact created before the claimant died.
/// </summary>
public sealed class BatchDiscounts(
    CodeBatchStore batches,
    IShopifyAdminClient shopify,
    CodeIndexStore index,
    CodeReservations reservations,
    CrashPoints crashes,
    TimeProvider time)
{
    // Longer than one Shopify call may take with its retries, so a live creator is not taken over.
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    public async Task<BatchDiscount> EnsureAsync(CodeChunkContext context, ShopifyShop shop, List<BatchItem> items, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        if (batch.ShopifyDiscountId is { } known)
        {
            return new BatchDiscount.Ready(known, items);
        }

        var mine = items.FirstOrDefault(i => i.State == BatchItemState.Reserved);
        if (mine is null)
        {
            return new BatchDiscount.Ready(string.Empty, items);
        }

        var claimed = await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.ClaimDiscount(context.Message.Chunk, mine.Code!, time.GetUtcNow(), ClaimTimeout), cancellationToken)
            ?? throw new InvalidOperationException("The batch vanished.");
        if (claimed.ShopifyDiscountId is { } created)
        {
            return new BatchDiscount.Ready(created, items);
        }

        if (claimed.DiscountClaim?.Chunk != context.Message.Chunk)
        {
            return new BatchDiscount.Wait();
        }

        crashes.Hit("push:after-claim");
        return await CreateAsync(context with { Batch = claimed }, shop, items, claimed.DiscountClaim.FirstCode, cancellationToken);
    }

    private async Task<BatchDiscount> CreateAsync(CodeChunkContext context, ShopifyShop shop, List<BatchItem> items, string firstCode, CancellationToken cancellationToken)
    {
        var batch = context.Batch;
        var definition = context.Offer.Definition;
        for (var attempt = 0; attempt <= definition.NamingStrategy.MaxAttempts; attempt++)
        {
            var result = await shopify.CreateDiscountAsync(shop, DiscountSpecs.For(definition, batch, firstCode), cancellationToken: cancellationToken);
            crashes.Hit("push:after-create-discount");
            string? discountId = result.Succeeded ? result.Value!.Id : null;
            if (discountId is null && result.UserErrors.Any(e => e.IsTaken))
            {
                discountId = await AdoptIfOursAsync(shop, firstCode, context, cancellationToken);
                if (discountId is null)
                {
                    // Taken by a discount outside this product: the first code's member moves to another code.
                    var next = await MoveToNextCodeAsync(context, items, firstCode, cancellationToken);
                    if (next is null)
                    {
                        return new BatchDiscount.Failed("Shopify refused every first code tried for this generation's discount.");
                    }

                    firstCode = next;
                    await batches.UpdateAsync(batch.BrandId, batch.Id, b => b with { DiscountClaim = b.DiscountClaim! with { FirstCode = firstCode } }, cancellationToken);
                    continue;
                }
            }

            if (discountId is null)
            {
                var reason = "Shopify refused the discount: " + string.Join("; ", result.UserErrors.Select(e => e.Message));
                await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.FailureReason is null ? b with { FailureReason = reason } : b, cancellationToken);
                return new BatchDiscount.Failed(reason);
            }

            await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.ShopifyDiscountId is null ? b with { ShopifyDiscountId = discountId } : b, cancellationToken);
            crashes.Hit("push:after-save-discount");
            MarkCreated(items, firstCode);
            return new BatchDiscount.Ready(discountId, items);
        }

        return new BatchDiscount.Failed("No first code could be found for this generation's discount.");
    }

    private async Task<string?> AdoptIfOursAsync(ShopifyShop shop, string code, CodeChunkContext context, CancellationToken cancellationToken)
    {
        var existing = await shopify.FindDiscountByCodeAsync(shop, code, cancellationToken);
        var owner = await index.GetAsync(context.Batch.BrandId, code, cancellationToken);
        var reservedForThisBatch = owner is { External: false } && owner.BatchId == context.Batch.Id;
        return existing is not null && reservedForThisBatch && existing.Title == context.Offer.Definition.GroupName ? existing.Id : null;
    }

    private async Task<string?> MoveToNextCodeAsync(CodeChunkContext context, List<BatchItem> items, string takenCode, CancellationToken cancellationToken)
    {
        var position = items.FindIndex(i => string.Equals(i.Code, takenCode, StringComparison.OrdinalIgnoreCase) && i.State == BatchItemState.Reserved);
        if (position < 0)
        {
            // The first code belonged to another chunk; continue with one of ours. That chunk meets the taken code itself.
            return items.FirstOrDefault(i => i.State == BatchItemState.Reserved && !string.Equals(i.Code, takenCode, StringComparison.OrdinalIgnoreCase))?.Code;
        }

        var moved = await reservations.RetryWithNextCodeAsync(context.Batch, context.Offer, items[position], cancellationToken);
        items[position] = moved;
        return moved.State == BatchItemState.Reserved ? moved.Code : items.FirstOrDefault(i => i.State == BatchItemState.Reserved)?.Code;
    }

    private static void MarkCreated(List<BatchItem> items, string code)
    {
        var position = items.FindIndex(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase) && i.State == BatchItemState.Reserved);
        if (position >= 0)
        {
            items[position] = items[position] with { State = BatchItemState.Created };
        }
    }
}
