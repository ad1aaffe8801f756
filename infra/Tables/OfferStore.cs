using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public enum OfferWriteStatus
{
    Saved,

    /// <summary>Another offer of the brand has the same name (ignoring case and surrounding spaces).</summary>
    NameTaken,

    /// <summary>The offer changed since it was read.</summary>
    PreconditionFailed,

    NotFound,
}

/// <summary>The outcome of writing an offer; <see cref="Offer"/> is set when saved.</summary>
public sealed record OfferWrite(OfferWriteStatus Status, Stored<Offer>? Offer = null)
{
    public static OfferWrite NameTaken { get; } = new(OfferWriteStatus.NameTaken);

    public static OfferWrite PreconditionFailed { get; } = new(OfferWriteStatus.PreconditionFailed);

    public static OfferWrite NotFound { get; } = new(OfferWriteStatus.NotFound);

    /// <summary>As a write of <see cref="ETagUpdates"/>: a taken name is not a lost race, so it may not come back as one.</summary>
    public WriteResult ToWriteResult() => Status switch
    {
        OfferWriteStatus.Saved => WriteResult.Ok(Offer!.ETag),
        OfferWriteStatus.NotFound => WriteResult.NotFound,
        OfferWriteStatus.PreconditionFailed => WriteResult.PreconditionFailed,
        _ => throw new InvalidOperationException($"An offer write that {Status} is an answer, not a lost race."),
    };
}

/// <summary>
/// Offers (PK brand, RK offer id; ids sort by creation) and the per-brand name guard in <c>offernames</c>.
/// A name is claimed by a conditional insert before the offer row is written, and on rename the new name is
/// claimed before the old one is released. A claim whose offer does not hold that name (a crash between the
/// writes) is stale and may be taken over once it is older than <see cref="ClaimGracePeriod"/>, so a crash
/// never blocks a name for good and never leaves an offer unusable.
/// </summary>
public sealed class OfferStore(StorageClients storage, TimeProvider time)
{
    /// <summary>How long an unconfirmed claim is left to the writer that made it before others may take it over.</summary>
    public static readonly TimeSpan ClaimGracePeriod = TimeSpan.FromMinutes(2);

    /// <summary>A name is rarely claimed by two writers at once; losing this often means someone else holds it.</summary>
    private const int MaxNameClaimAttempts = 3;

    private readonly DocumentTable<OfferRecord> _offers = new(storage.Table(TableNames.Offers), o => new Dictionary<string, object?>
    {
        ["Status"] = o.Status.ToString(),
    });

    private readonly DocumentTable<OfferNameClaim> _names = new(storage.Table(TableNames.OfferNames));

    public async Task<Stored<Offer>?> GetAsync(BrandId brand, OfferId id, CancellationToken cancellationToken)
    {
        var stored = await _offers.GetAsync(Keys.Brand(brand), id.Value, cancellationToken);
        return stored is null ? null : ToOffer(stored);
    }

    public async Task<OfferWrite> CreateAsync(Offer offer, CancellationToken cancellationToken)
    {
        if (!await ClaimNameAsync(offer.BrandId, offer.Definition.NameKey, offer.Id, cancellationToken))
        {
            return OfferWrite.NameTaken;
        }

        var record = OfferRecord.From(offer);
        var inserted = await _offers.InsertAsync(Keys.Brand(offer.BrandId), offer.Id.Value, record, cancellationToken);
        if (!inserted.IsOk)
        {
            throw new InvalidOperationException($"Offer {offer.Id} already exists; offer ids must be new.");
        }

        return Saved(offer, inserted);
    }

    /// <summary>
    /// Stores <paramref name="updated"/> if the row still has <paramref name="current"/>'s ETag, moving the name
    /// claim when the name changed.
    /// </summary>
    public async Task<OfferWrite> ReplaceAsync(Stored<Offer> current, Offer updated, CancellationToken cancellationToken)
    {
        var brand = updated.BrandId;
        var oldKey = current.Value.Definition.NameKey;
        var newKey = updated.Definition.NameKey;
        var renamed = !string.Equals(oldKey, newKey, StringComparison.Ordinal);
        if (renamed && !await ClaimNameAsync(brand, newKey, updated.Id, cancellationToken))
        {
            return OfferWrite.NameTaken;
        }

        var replaced = await _offers.ReplaceAsync(Keys.Brand(brand), updated.Id.Value, OfferRecord.From(updated), current.ETag, cancellationToken);
        if (!replaced.IsOk)
        {
            if (renamed)
            {
                await ReleaseNameIfUnusedAsync(brand, newKey, updated.Id, cancellationToken);
            }

            return replaced.Status == WriteStatus.NotFound ? OfferWrite.NotFound : OfferWrite.PreconditionFailed;
        }

        if (renamed)
        {
            await ReleaseNameIfUnusedAsync(brand, oldKey, updated.Id, cancellationToken);
        }

        return Saved(updated, replaced);
    }

    public async Task<DocumentPage<Offer>> ListAsync(BrandId brand, OfferStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(brand);
        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Status eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        var page = await _offers.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        return new DocumentPage<Offer>(page.Items.Select(ToOffer).ToArray(), page.ContinuationToken);
    }

    /// <summary>True when <paramref name="offer"/> now holds the name (newly, already, or by taking over a stale claim).</summary>
    private async Task<bool> ClaimNameAsync(BrandId brand, string nameKey, OfferId offer, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(brand);
        var rowKey = RowKeys.Hashed(nameKey);
        var claim = new OfferNameClaim(offer.Value, nameKey, time.GetUtcNow());
        if ((await _names.InsertAsync(partition, rowKey, claim, cancellationToken)).IsOk)
        {
            return true;
        }

        var taken = await ETagUpdates.RunAsync<Stored<OfferNameClaim>?, OfferNameClaim>(
            MaxNameClaimAttempts,
            ct => _names.GetAsync(partition, rowKey, ct),
            async (existing, ct) =>
            {
                if (existing is null)
                {
                    return ETagDecision<OfferNameClaim>.Write(claim); // released since our insert
                }

                if (existing.Value.OfferId == offer.Value)
                {
                    return ETagDecision<OfferNameClaim>.Keep;
                }

                return await IsStaleAsync(brand, existing.Value, ct) ? ETagDecision<OfferNameClaim>.Write(claim) : ETagDecision<OfferNameClaim>.Stop;
            },
            (existing, mine, ct) => existing is null ? _names.InsertAsync(partition, rowKey, mine, ct) : _names.ReplaceAsync(partition, rowKey, mine, existing.ETag, ct),
            cancellationToken);
        return taken.Status is ETagUpdateStatus.Written or ETagUpdateStatus.Kept;
    }

    private async Task<bool> IsStaleAsync(BrandId brand, OfferNameClaim claim, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - claim.ClaimedAt < ClaimGracePeriod)
        {
            return false;
        }

        var holder = await _offers.GetAsync(Keys.Brand(brand), claim.OfferId, cancellationToken);
        return holder is null || !string.Equals(OfferName.UniquenessKey(holder.Value.Definition.Name), claim.NameKey, StringComparison.Ordinal);
    }

    private async Task ReleaseNameIfUnusedAsync(BrandId brand, string nameKey, OfferId offer, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(brand);
        var rowKey = RowKeys.Hashed(nameKey);
        var existing = await _names.GetAsync(partition, rowKey, cancellationToken);
        if (existing is null || existing.Value.OfferId != offer.Value)
        {
            return;
        }

        var holder = await _offers.GetAsync(partition, offer.Value, cancellationToken);
        if (holder is null || !string.Equals(OfferName.UniquenessKey(holder.Value.Definition.Name), nameKey, StringComparison.Ordinal))
        {
            await _names.DeleteAsync(partition, rowKey, existing.ETag, cancellationToken);
        }
    }

    private static OfferWrite Saved(Offer offer, WriteResult result) =>
        new(OfferWriteStatus.Saved, new Stored<Offer>(Keys.Brand(offer.BrandId), offer.Id.Value, offer, result.ETag!, null));

    private static Stored<Offer> ToOffer(Stored<OfferRecord> stored) =>
        new(stored.PartitionKey, stored.RowKey, stored.Value.ToOffer(), stored.ETag, stored.Timestamp);

    /// <summary>Row of <c>offernames</c>: which offer holds a name key, and since when.</summary>
    public sealed record OfferNameClaim(string OfferId, string NameKey, DateTimeOffset ClaimedAt);
}
