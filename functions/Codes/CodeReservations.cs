using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Reserves members' codes in the store's code index, moving a member to the collision policy's next
/// candidate while the code is held by someone else. The candidate is written to the item before it is
/// reserved, so a crash in between retries the same code instead of leaking a reservation.
/// </summary>
public sealed class CodeReservations(CodeIndexStore index, CodeBatchStore batches, TimeProvider time)
{
    public async Task<IReadOnlyList<BatchItem>> ReserveAsync(CodeBatch batch, Offer offer, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var planned = items.Where(i => i.State == BatchItemState.Planned && i.Code is not null).ToArray();
        var now = time.GetUtcNow();
        if (planned.Length > 0 && await index.TryReserveAllAsync(batch.BrandId, planned.Select(i => (i.Code!, Owner(batch, i, now))).ToArray(), cancellationToken))
        {
            var reserved = planned.ToDictionary(i => i.MemberId, i => i with { State = BatchItemState.Reserved });
            return items.Select(i => reserved.GetValueOrDefault(i.MemberId, i)).ToArray();
        }

        var results = new List<BatchItem>(items.Count);
        foreach (var item in items)
        {
            results.Add(item.State == BatchItemState.Planned ? await ReserveOneAsync(batch, offer, item, cancellationToken) : item);
        }

        return results;
    }

    /// <summary>Reserves the item's code, or the policy's next candidates in turn; Failed when none is free.</summary>
    public async Task<BatchItem> ReserveOneAsync(CodeBatch batch, Offer offer, BatchItem item, CancellationToken cancellationToken)
    {
        var strategy = offer.Definition.NamingStrategy;
        var current = item;
        while (true)
        {
            if (current.Code is null)
            {
                return current.Fail(current.FailureKind ?? CodeFailureKind.NoCode, current.FailureReason ?? "No code could be made for this member.");
            }

            var outcome = await index.ReserveAsync(batch.BrandId, current.Code, Owner(batch, current, time.GetUtcNow()), cancellationToken);
            if (outcome != ReservationOutcome.Taken)
            {
                return current with { State = BatchItemState.Reserved };
            }

            if (current.IsOverride)
            {
                return current.Fail(CodeFailureKind.TakenInStore, $"The code {current.Code} is already used in this store.");
            }

            var next = NextCandidate(offer, current);
            if (next is null)
            {
                return current.Fail(CodeFailureKind.NoFreeCode, $"No free code found after {strategy.MaxAttempts} attempts starting from {current.PlannedCode ?? current.Code}.");
            }

            current = current with { Code = next.Value.Code, Attempt = next.Value.Attempt, State = BatchItemState.Planned };
            await batches.UpsertItemsAsync(batch.BrandId, batch.Id, [current], cancellationToken);
        }
    }

    /// <summary>
    /// Shopify says the item's code is used by something outside this product: block that code for good and
    /// reserve the policy's next candidate for the member (Failed when none is left).
    /// </summary>
    public async Task<BatchItem> RetryWithNextCodeAsync(CodeBatch batch, Offer offer, BatchItem item, CancellationToken cancellationToken)
    {
        await index.MarkExternalAsync(batch.BrandId, item.Code!, Owner(batch, item, time.GetUtcNow()), cancellationToken);
        if (item.IsOverride)
        {
            return item.Fail(CodeFailureKind.TakenInStore, $"The code {item.Code} is already used in this store.");
        }

        var next = NextCandidate(offer, item);
        if (next is null)
        {
            return item.Fail(CodeFailureKind.NoFreeCode, $"No free code found after {offer.Definition.NamingStrategy.MaxAttempts} attempts starting from {item.PlannedCode ?? item.Code}.");
        }

        var candidate = item with { Code = next.Value.Code, Attempt = next.Value.Attempt, State = BatchItemState.Planned };
        await batches.UpsertItemsAsync(batch.BrandId, batch.Id, [candidate], cancellationToken);
        return await ReserveOneAsync(batch, offer, candidate, cancellationToken);
    }

    public static (string Code, int Attempt)? NextCandidate(Offer offer, BatchItem item)
    {
        var strategy = offer.Definition.NamingStrategy;
        var original = item.IsOverride
            ? null
            : CodeProposer.Propose(strategy, new NamingSubject(item.FirstName, item.LastName, item.Handle), offer.Definition.Discount.CodeToken, CryptoRandomSource.Instance).Candidate;
        for (var attempt = item.Attempt + 1; original is not null && attempt <= strategy.MaxAttempts; attempt++)
        {
            var next = CollisionResolver.Next(original, attempt, strategy, CryptoRandomSource.Instance);
            if (next is not null && !string.Equals(next.Value, item.Code, StringComparison.OrdinalIgnoreCase))
            {
                return (next.Value, attempt);
            }
        }

        return null;
    }

    private static CodeOwner Owner(CodeBatch batch, BatchItem item, DateTimeOffset now) => new(batch.OfferId, item.MemberId, batch.Id, now);
}
