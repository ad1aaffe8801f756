using System.Security.Cryptography;
using System.Text;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public enum IdempotencyOutcome
{
    /// <summary>First use of the key: the caller goes on to do the work under <c>ResourceId</c>.</summary>
    Claimed,

    /// <summary>The key was used before with the same request: answer with the earlier resource.</summary>
    Replayed,

    /// <summary>The key was used before with a different request: refuse.</summary>
    Mismatch,
}

public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, string ResourceId);

/// <summary>
/// Remembers which resource an <c>Idempotency-Key</c> started, per brand and operation. The key is hashed
/// into the row key, so any printable key a client sends is safe there.
/// </summary>
public sealed class IdempotencyStore(StorageClients storage)
{
    private readonly DocumentTable<IdempotencyRecord> _records = new(storage.Table(TableNames.Idempotency));

    public async Task<IdempotencyClaim> ClaimAsync(BrandId brand, string operation, string key, string requestFingerprint, string newResourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rowKey = operation + Keys.Separator + Hash(key);
        var inserted = await _records.InsertAsync(Keys.Brand(brand), rowKey, new IdempotencyRecord(requestFingerprint, newResourceId, now), cancellationToken);
        if (inserted.IsOk)
        {
            return new IdempotencyClaim(IdempotencyOutcome.Claimed, newResourceId);
        }

        var existing = await _records.GetAsync(Keys.Brand(brand), rowKey, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency record vanished between insert and read.");
        return existing.Value.RequestFingerprint == requestFingerprint
            ? new IdempotencyClaim(IdempotencyOutcome.Replayed, existing.Value.ResourceId)
            : new IdempotencyClaim(IdempotencyOutcome.Mismatch, existing.Value.ResourceId);
    }

    /// <summary>What the key was used for before, if anything; changes nothing.</summary>
    public async Task<IdempotencyClaim?> FindAsync(BrandId brand, string operation, string key, string requestFingerprint, CancellationToken cancellationToken)
    {
        var existing = await _records.GetAsync(Keys.Brand(brand), operation + Keys.Separator + Hash(key), cancellationToken);
        return existing is null
            ? null
            : new IdempotencyClaim(existing.Value.RequestFingerprint == requestFingerprint ? IdempotencyOutcome.Replayed : IdempotencyOutcome.Mismatch, existing.Value.ResourceId);
    }

    /// <summary>A stable fingerprint of a request body, to tell a retry from a different request under the same key.</summary>
    public static string Fingerprint(string canonicalRequest) => Hash(canonicalRequest);

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public sealed record IdempotencyRecord(string RequestFingerprint, string ResourceId, DateTimeOffset CreatedAt);
}
