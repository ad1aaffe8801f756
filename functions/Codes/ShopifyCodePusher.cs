using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;
using PromoServerless.Infra.Shopify;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Adds a chunk's reserved codes to the discount in bulk and settles each one. A code Shopify calls taken
/// (or refuses without an error code) is looked up: on our discount it was added by an earlier try (created); on another discount it goes
/// through the collision policy and is added in the next round; not yet visible it is tried again.
/// </summary>
public sealed class ShopifyCodePusher(IShopifyAdminClient shopify, CodeReservations reservations)
{
    private static readonly TimeSpan RoundPause = TimeSpan.FromMilliseconds(300);

    public async Task<IReadOnlyList<BatchItem>> PushAsync(CodeChunk chunk, ShopifyShop shop, string discountId, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var current = items.ToList();
        var rounds = chunk.Offer.Definition.NamingStrategy.MaxAttempts + 1;
        for (var round = 0; round < rounds; round++)
        {
            var pending = Positions(current, BatchItemState.Reserved);
            if (pending.Count == 0)
            {
                break;
            }

            if (round > 0)
            {
                await Task.Delay(RoundPause, cancellationToken);
            }

            var result = await shopify.AddCodesAsync(shop, discountId, pending.Select(p => current[p].Code!).ToArray(), cancellationToken);
            if (result.UserErrors.Count > 0)
            {
                var reason = "Shopify refused the codes: " + result.UserErrors.Describe();
                foreach (var p in pending)
                {
                    current[p] = current[p].Fail(CodeFailureKind.RefusedByShopify, reason);
                }

                break;
            }

            var outcomes = result.Codes.GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            foreach (var p in pending)
            {
                if (outcomes.TryGetValue(current[p].Code!, out var outcome))
                {
                    current[p] = await SettleAsync(chunk, shop, discountId, current[p], outcome, cancellationToken);
                }
            }
        }

        return current.Select(i => i.State == BatchItemState.Reserved ? i.Fail(CodeFailureKind.NotConfirmed, "Shopify did not confirm the code after several tries.") : i).ToArray();
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

    private static List<int> Positions(List<BatchItem> items, BatchItemState state) =>
        Enumerable.Range(0, items.Count).Where(i => items[i].State == state).ToList();
}
