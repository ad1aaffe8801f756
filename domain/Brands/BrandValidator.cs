using System.Text.RegularExpressions;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Brands;

public static partial class BrandValidator
{
    private static readonly HashSet<string> Locales = new(StringComparer.Ordinal) { "en-US", "en-GB", "en-CA", "en-AU", "fr-FR", "de-DE", "es-ES", "it-IT", "nl-NL" };

    public static IReadOnlySet<string> SupportedLocales => Locales;

    /// <param name="timeZoneExists">Whether an IANA time zone id is known; passed in so the domain stays free of platform lookups.</param>
    public static Validated<ValidBrand> Validate(BrandDraft draft, Func<string, bool> timeZoneExists)
    {
        var errors = new ErrorCollector();
        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", "Name is required and must be 1-100 characters.");
        }

        var shop = draft.ShopDomain?.Trim().ToLowerInvariant();
        if (shop is null || !ShopDomainPattern().IsMatch(shop))
        {
            errors.Add("shopDomain", "Shop domain must be the store's myshopify.com domain, e.g. acme.myshopify.com.");
        }

        if (string.IsNullOrWhiteSpace(draft.ShopifyAccessToken) || draft.ShopifyAccessToken.Length > 200 || HasControlCharacters(draft.ShopifyAccessToken))
        {
            errors.Add("shopifyAccessToken", "The Shopify Admin API access token is required (at most 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(draft.ShopifyWebhookSecret) || draft.ShopifyWebhookSecret.Length > 200)
        {
            errors.Add("shopifyWebhookSecret", "The Shopify app's client secret (used to verify webhooks) is required (at most 200 characters).");
        }

        var currency = (draft.Currency ?? "USD").Trim().ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors.Add("currency", "Currency must be a three-letter ISO 4217 code such as USD.");
        }

        var timeZone = (draft.TimeZone ?? "UTC").Trim();
        if (!timeZoneExists(timeZone))
        {
            errors.Add("timeZone", "Time zone must be an IANA id such as America/New_York.");
        }

        var locale = (draft.Locale ?? "en-US").Trim();
        if (!Locales.Contains(locale))
        {
            errors.Add("locale", "Locale must be one of: " + string.Join(", ", Locales.Order(StringComparer.Ordinal)) + ".");
        }

        var sender = draft.SenderAddress?.Trim();
        if (sender is not null && !EmailAddress.IsValid(sender))
        {
            errors.Add("senderAddress", "Sender address must be a valid email address.");
        }

        var senderName = draft.SenderName?.Trim();
        if (senderName is not null && (senderName.Length > 100 || HasControlCharacters(senderName)))
        {
            errors.Add("senderName", "Sender name must be at most 100 characters, without line breaks.");
        }

        return errors.ToResult(() => new ValidBrand(name!, shop!, draft.ShopifyAccessToken!, draft.ShopifyWebhookSecret!, currency, timeZone, locale, sender, senderName));
    }

    private static bool HasControlCharacters(string value) => value.Any(char.IsControl);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,60}\\.myshopify\\.com$")]
    private static partial Regex ShopDomainPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
