using Microsoft.Extensions.Caching.Memory;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>The brand a shop domain belongs to and its webhook secret.</summary>
public sealed record WebhookShop(BrandId BrandId, string Secret);

/// <summary>
/// Finds the brand and webhook secret of a shop for the webhook, cached for a few minutes so an acknowledgement
/// costs no lookups; a signature that fails against a cached secret is checked once more against a fresh read,
/// so a rotated secret is picked up at once.
/// </summary>
public sealed class WebhookShops(BrandStore brands, ISecretStore secrets, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public async Task<WebhookShop?> FindAsync(string shopDomain, bool fresh)
    {
        var key = "webhook-shop|" + shopDomain.ToLowerInvariant();
        if (!fresh && cache.TryGetValue(key, out Task<WebhookShop?>? cached) && cached is { IsFaulted: false, IsCanceled: false })
        {
            // A burst of first deliveries shares one lookup instead of each making its own.
            var shop = await cached;
            if (shop is not null)
            {
                return shop;
            }
        }

        // Shared by whoever arrives meanwhile, so not cancelled by the first caller's request.
        var lookup = LookUpAsync(shopDomain, CancellationToken.None);
        _ = cache.Set(key, lookup, CacheFor);
        return await lookup;
    }

    private async Task<WebhookShop?> LookUpAsync(string shopDomain, CancellationToken cancellationToken)
    {
        var brand = await brands.FindByShopAsync(shopDomain, cancellationToken);
        if (brand is not { } id)
        {
            return null;
        }

        var secret = await secrets.GetAsync(id, SecretNames.ShopifyWebhookSecret, cancellationToken);
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        return new WebhookShop(id, secret);
    }
}
