using PromoServerless.Domain.Brands;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Brands;

/// <summary>A brand's Shopify store and the credentials to call it, read from the secret store.</summary>
public sealed class BrandShops(BrandStore brands, ISecretStore secrets)
{
    public async Task<(Brand Brand, ShopifyShop Shop)?> GetAsync(BrandId brandId, CancellationToken cancellationToken)
    {
        var brand = await brands.GetAsync(brandId, cancellationToken);
        if (brand is null)
        {
            return null;
        }

        var token = await secrets.GetAsync(brandId, SecretNames.ShopifyAccessToken, cancellationToken)
            ?? throw new InvalidOperationException($"Brand {brandId} has no Shopify access token.");
        return (brand, new ShopifyShop(brand.ShopDomain, token));
    }
}
