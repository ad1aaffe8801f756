using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Secrets;

/// <summary>Holds a brand's credentials (Shopify token, webhook secret) outside the brand row.</summary>
public interface ISecretStore
{
    Task SetAsync(BrandId brand, string name, string value, CancellationToken cancellationToken);

    Task<string?> GetAsync(BrandId brand, string name, CancellationToken cancellationToken);
}

public static class SecretNames
{
    public const string ShopifyAccessToken = "shopify-access-token";
    public const string ShopifyWebhookSecret = "shopify-webhook-secret";
}
