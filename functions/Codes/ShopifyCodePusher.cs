using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;
using PromoServerless.Infra.Shopify;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The Shopify side of a chunk's push round: starts the bulk add of the open codes, and once the job is done settles
/// each code it sent. A code Shopify calls taken (or refuses without an error code) is looked up: on our discount it
/// was added by an earlier try (created); on another discount it goes through the collision policy and is sent in the
/// next round; not yet visible it stays open for the next round.
/// </summary>
public sealed class ShopifyCodePusher(IShopifyAdminClient shopify, CodeReservations reservations)
{
    private static readonly ShopifyUserError[] OutcomeUnknown = [new("TAKEN", ["code"], "The bulk job's outcome is unknown; the code is looked up.")];

    /// <summary>The started job's id (null when the answer was lost), or Shopify's refusal of the whole call.</summary>
    public async Task<(string? JobId, IReadOnlyList<ShopifyUserError> Refusal)> StartAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        try
        {
            var started = await shopify.StartBulkAddCodesAsync(shop, discountId, codes, cancellationToken);
            return started.Succeeded ? (started.Value!.Id, []) : (null, started.UserErrors);
        }
        catch (ShopifyOutcomeUnknownException)
        {
            return (null, []);
        }
    }

    /// <summary>
    /// Settles the open items whose code <paramref name="job"/> sent. A job that is not done, unknown or lost is read
    /// code by code instead.
    /// </summary>
    public async Task<IReadOnlyList<BatchItem>> SettleAsync(CodeChunk chunk, ShopifyShop shop, string discountId, IReadOnlyList<BatchItem> items, CodePushJob job, CancellationToken cancellationToken)
    {
        var result = job.BulkCreationId is { } id ? await shopify.GetBulkCreationOutcomeAsync(shop, id, job.Codes, cancellationToken) : null;
        var outcomes = (result?.Codes ?? job.Codes.Select(c => new CodeImportOutcome(c, false, OutcomeUnknown)))
            .GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var current = items.ToList();
        for (var i = 0; i < current.Count; i++)
        {
            if (current[i].State == BatchItemState.Reserved && outcomes.TryGetValue(current[i].Code!, out var outcome))
            {
                current[i] = await SettleAsync(chunk, shop, discountId, current[i], outcome, cancellationToken);
            }
        }

        return current;
    }

    private async Task<BatchItem> SettleAsync(CodeChunk chunk, ShopifyShop shop, string discountId, BatchItem item, CodeImportOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Imported)
        {
            return item with { State = BatchItemState.Created };
        }

        if (outcome.Refusal == CodeRefusal.Invalid)
        {
            return Refused(item, outcome);
        }

        var holder = await shopify.FindDiscountByCodeAsync(shop, item.Code!, cancellationToken);
        if (holder is null)
        {
            // Taken but on no discount: probably still inside an earlier try's bulk job, so look again next round.
            return outcome.Refusal == CodeRefusal.Taken ? item : Refused(item, outcome);
        }

        return holder.Id == discountId
            ? item with { State = BatchItemState.Created }
            : await reservations.RetryWithNextCodeAsync(chunk.Batch, chunk.Offer, item, cancellationToken);
    }

    private static BatchItem Refused(BatchItem item, CodeImportOutcome outcome) =>
        item.Fail(CodeFailureKind.RefusedByShopify, "Shopify refused the code: " + outcome.Errors.Describe());
}
