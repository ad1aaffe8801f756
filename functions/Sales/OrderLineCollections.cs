using Microsoft.Extensions.Caching.Memory;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Brands;
using PromoServerless.Infra.Shopify;

namespace PromoServerless.Functions.Sales;

/// <summary>
/// Tells an order's lines which collections their products are in, read through the Admin API: order webhooks do not
/// say. Only offers that leave collections out of the commission base need it. A failed read throws, so the event is
/// retried rather than paid on the full base.
/// </summary>
public sealed class OrderLineCollections(BrandShops shops, ProductCollectionReader reader, IMemoryCache cache)
{
    // A product moved between collections is priced by its old ones for at most this long.
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public async Task<ShopOrder> FillAsync(BrandId brand, ShopOrder order, CancellationToken cancellationToken)
    {
        var products = order.Lines.Select(l => ShopifyGid.Normalise(l.ProductId, "Product")).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (products.Length == 0)
        {
            return order;
        }

        var known = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var product in products)
        {
            if (cache.TryGetValue<IReadOnlyList<string>>(Key(brand, product), out var collections) && collections is not null)
            {
                known[product] = collections;
            }
        }

        var missing = products.Where(p => !known.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            var shop = await shops.GetAsync(brand, cancellationToken) ?? throw new InvalidOperationException($"Brand {brand} is gone.");
            foreach (var (product, collections) in await reader.ReadAsync(shop.Shop, missing, cancellationToken))
            {
                known[product] = collections;
                cache.Set(Key(brand, product), collections, CacheFor);
            }
        }

        return order with
        {
            Lines = order.Lines.Select(l => ShopifyGid.Normalise(l.ProductId, "Product") is { } product && known.TryGetValue(product, out var collections)
                ? l with { CollectionIds = collections }
                : l).ToArray(),
        };
    }

    private static (string, BrandId, string) Key(BrandId brand, string product) => ("product-collections", brand, product);
}
