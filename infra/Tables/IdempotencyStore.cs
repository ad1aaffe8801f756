using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// What an <c>Idempotency-Key</c> stands for: the brand's operation, the key, and a fingerprint of the request (its
/// scope, e.g. the offer or member of the route, and its body as JSON), which tells a retry from a different request.
/// </summary>
public sealed record IdempotentRequest(BrandId Brand, string Operation, string Key, string Fingerprint)
{
    public static IdempotentRequest For<TBody>(BrandId brand, string operation, string key, string scope, TBody body) =>
        new(brand, operation, key, IdempotencyStore.Hash(scope + "\n" + JsonSerializer.Serialize(body)));
}

/// <summary>
/// Remembers which resource an <c>Idempotency-Key</c> started, per brand and operation (PK brand, RK operation|SHA-256
/// of the key, so any printable key is safe there). The claim is a conditional insert: of any number of requests with
/// one key, exactly one claims it and the others read the resource it named.
/// </summary>
public sealed class IdempotencyStore(StorageClients storage)
{
    private readonly DocumentTable<IdempotencyRecord> _records = new(storage.Table(TableNames.Idempotency));

    /// <summary>Claims the key for <paramref name="newResourceId"/>, or answers what an earlier request with it named.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(IdempotentRequest request, string newResourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inserted = await _records.InsertAsync(Keys.Brand(request.Brand), RowKey(request), new IdempotencyRecord(request.Fingerprint, newResourceId, now), cancellationToken);
        if (inserted.IsOk)
        {
            return new IdempotencyClaim(IdempotencyOutcome.Claimed, newResourceId);
        }

        return await FindAsync(request, cancellationToken) ?? throw new InvalidOperationException("An idempotency record vanished between insert and read.");
    }

    /// <summary>What the key was used for before, if anything; changes nothing.</summary>
    public async Task<IdempotencyClaim?> FindAsync(IdempotentRequest request, CancellationToken cancellationToken)
    {
        var existing = await _records.GetAsync(Keys.Brand(request.Brand), RowKey(request), cancellationToken);
        return existing is null
            ? null
            : new IdempotencyClaim(existing.Value.RequestFingerprint == request.Fingerprint ? IdempotencyOutcome.Replayed : IdempotencyOutcome.Mismatch, existing.Value.ResourceId);
    }

    internal static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string RowKey(IdempotentRequest request) => request.Operation + Keys.Separator + Hash(request.Key);

    public sealed record IdempotencyRecord(string RequestFingerprint, string ResourceId, DateTimeOffset CreatedAt);
}
