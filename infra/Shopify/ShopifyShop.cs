namespace PromoServerless.Infra.Shopify;

/// <summary>The shop a call is made for: its <c>*.myshopify.com</c> domain and the app's Admin API access token there.</summary>
public sealed record ShopifyShop(string Domain, string AccessToken)
{
    public override string ToString() => Domain;
}
