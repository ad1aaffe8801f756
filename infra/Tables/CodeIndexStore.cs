using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>Who holds a code in a store. <see cref="External"/> marks a code Shopify reported as taken by something outside this product.</summary>
public sealed record CodeOwner(OfferId OfferId, MemberId MemberId, CodeBatchId BatchId, DateTimeOffset ReservedAt, bool External = false);

public enum ReservationOutcome
{
    Reserved,

    /// <summary>Already held by the same member in the same offer: a retry of our own reservation.</summary>
    AlreadyOurs,

    Taken,
}

/// <summary>
/// The store-wide uniqueness guard: one row per code (PK brand, RK the upper-cased code), claimed by a
/// conditional insert. Upper-casing the key makes the guard case-insensitive, as Shopify is.
/// </summary>
public sealed class CodeIndexStore(StorageClients storage)
{
    private readonly DocumentTable<CodeOwner> _index = new(storage.Table(TableNames.CodeIndex));

    public static string RowKey(string code) => code.ToUpperInvariant();

    public async Task<ReservationOutcome> ReserveAsync(BrandId brand, string code, CodeOwner owner, CancellationToken cancellationToken)
    {
        var inserted = await _index.InsertAsync(Keys.Brand(brand), RowKey(code), owner, cancellationToken);
        if (inserted.IsOk)
        {
            return ReservationOutcome.Reserved;
        }

        var existing = await GetAsync(brand, code, cancellationToken);
        return existing is { External: false } e && e.OfferId == owner.OfferId && e.MemberId == owner.MemberId
            ? ReservationOutcome.AlreadyOurs
            : ReservationOutcome.Taken;
    }

    /// <summary>
    /// Reserves every code in one transaction per 100; returns false (writing nothing of that slice) if any is
    /// already held, so the caller falls back to reserving one by one. The fast path for a first delivery.
    /// </summary>
    public async Task<bool> TryReserveAllAsync(BrandId brand, IReadOnlyList<(string Code, CodeOwner Owner)> reservations, CancellationToken cancellationToken)
    {
        var all = true;
        foreach (var slice in reservations.Chunk(100))
        {
            var result = await _index.SubmitAsync(slice.Select(r => new DocumentWrite<CodeOwner>(DocumentWriteKind.Insert, Keys.Brand(brand), RowKey(r.Code), r.Owner)).ToArray(), cancellationToken);
            all &= result.IsOk;
        }

        return all;
    }

    public async Task<CodeOwner?> GetAsync(BrandId brand, string code, CancellationToken cancellationToken) =>
        (await _index.GetAsync(Keys.Brand(brand), RowKey(code), cancellationToken))?.Value;

    /// <summary>Keeps the code blocked for good: Shopify says something else already uses it.</summary>
    public Task MarkExternalAsync(BrandId brand, string code, CodeOwner owner, CancellationToken cancellationToken) =>
        _index.UpsertAsync(Keys.Brand(brand), RowKey(code), owner with { External = true }, cancellationToken);

    /// <summary>Frees a code (a rename or a member's failed code). Only the holder may release it.</summary>
    public async Task ReleaseAsync(BrandId brand, string code, MemberId holder, CancellationToken cancellationToken)
    {
        var existing = await _index.GetAsync(Keys.Brand(brand), RowKey(code), cancellationToken);
        if (existing is not null && !existing.Value.External && existing.Value.MemberId == holder)
        {
            await _index.DeleteAsync(existing.PartitionKey, existing.RowKey, existing.ETag, cancellationToken);
        }
    }
}
