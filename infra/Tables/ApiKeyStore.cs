using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>A brand API key as stored: only the SHA-256 of its secret part, never the key itself.</summary>
public sealed record StoredApiKey(ApiKeyId Id, BrandId BrandId, string Name, IReadOnlyList<string> Scopes, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed class ApiKeyStore(StorageClients storage)
{
    private readonly DocumentTable<StoredApiKey> _keys = new(storage.Table(TableNames.ApiKeys));

    public Task InsertAsync(StoredApiKey key, CancellationToken cancellationToken) =>
        _keys.InsertAsync(Keys.Brand(key.BrandId), key.Id.Value, key, cancellationToken);

    public async Task<StoredApiKey?> GetAsync(BrandId brand, ApiKeyId id, CancellationToken cancellationToken) =>
        (await _keys.GetAsync(Keys.Brand(brand), id.Value, cancellationToken))?.Value;

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(BrandId brand, CancellationToken cancellationToken)
    {
        var keys = new List<StoredApiKey>();
        await foreach (var key in _keys.QueryPartitionAsync(Keys.Brand(brand), cancellationToken))
        {
            keys.Add(key.Value);
        }

        return keys;
    }

    public async Task<bool> RevokeAsync(BrandId brand, ApiKeyId id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await _keys.UpdateAsync(Keys.Brand(brand), id.Value, k => k.RevokedAt is null ? k with { RevokedAt = now } : k, maxAttempts: 3, cancellationToken)).ValueOrNull() is not null;
}
