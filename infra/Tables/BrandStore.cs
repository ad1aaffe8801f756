using PromoServerless.Domain.Brands;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public enum BrandCreateOutcome
{
    Created,
    ShopAlreadyRegistered,
}

/// <summary>
/// Brand rows (PK brand id) plus a shop-domain index. The index is the one table keyed by something other
/// than a brand: incoming Shopify webhooks name only the shop, and it must map to exactly one brand.
/// </summary>
public sealed class BrandStore(StorageClients storage)
{
    private const string BrandRow = "brand";
    private readonly DocumentTable<Brand> _brands = new(storage.Table(TableNames.Brands));
    private readonly DocumentTable<ShopOwner> _shops = new(storage.Table(TableNames.Shops));

    public async Task<BrandCreateOutcome> CreateAsync(Brand brand, CancellationToken cancellationToken)
    {
        // Claim the shop first: a second brand for the same store is refused before anything else is written.
        var claim = await _shops.InsertAsync(brand.ShopDomain, BrandRow, new ShopOwner(brand.Id), cancellationToken);
        if (claim.Status == WriteStatus.Conflict)
        {
            var owner = await _shops.GetAsync(brand.ShopDomain, BrandRow, cancellationToken);
            if (owner is null || owner.Value.BrandId != brand.Id)
            {
                return BrandCreateOutcome.ShopAlreadyRegistered;
            }
        }

        await _brands.UpsertAsync(Keys.Brand(brand.Id), BrandRow, brand, cancellationToken);
        return BrandCreateOutcome.Created;
    }

    public async Task<Brand?> GetAsync(BrandId id, CancellationToken cancellationToken) =>
        (await _brands.GetAsync(Keys.Brand(id), BrandRow, cancellationToken))?.Value;

    public async Task<BrandId?> FindByShopAsync(string shopDomain, CancellationToken cancellationToken) =>
        (await _shops.GetAsync(shopDomain.ToLowerInvariant(), BrandRow, cancellationToken))?.Value.BrandId;

    /// <summary>Every brand's id, for jobs that visit each brand (sales reconciliation).</summary>
    public async IAsyncEnumerable<BrandId> ListIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var owner in _shops.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey eq {BrandRow}"), cancellationToken))
        {
            yield return owner.Value.BrandId;
        }
    }

    public sealed record ShopOwner(BrandId BrandId);
}
