using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Brands;

/// <summary>A tenant: one Shopify store and the people who run its creator programme.</summary>
public sealed record Brand(
    BrandId Id,
    string Name,
    string ShopDomain,
    string Currency,
    string TimeZone,
    string Locale,
    string? SenderAddress,
    string? SenderName,
    DateTimeOffset CreatedAt);

/// <summary>What an operator sends to create a brand. Secrets are kept apart from the brand row.</summary>
public sealed record BrandDraft(
    string? Name,
    string? ShopDomain,
    string? ShopifyAccessToken,
    string? ShopifyWebhookSecret,
    string? Currency,
    string? TimeZone,
    string? Locale,
    string? SenderAddress,
    string? SenderName);

/// <summary>A validated draft: the brand's public fields and the two secrets to store.</summary>
public sealed record ValidBrand(
    string Name,
    string ShopDomain,
    string ShopifyAccessToken,
    string ShopifyWebhookSecret,
    string Currency,
    string TimeZone,
    string Locale,
    string? SenderAddress,
    string? SenderName)
{
    public Brand ToBrand(BrandId id, DateTimeOffset now) =>
        new(id, Name, ShopDomain, Currency, TimeZone, Locale, SenderAddress, SenderName, now);
}
