using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PromoServerless.Infra.Shopify;

/// <summary>Checks Shopify's webhook signature: base64 HMAC-SHA256 of the raw body keyed with the app's client secret.</summary>
public static class ShopifyWebhookVerifier
{
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";

    /// <summary>True when <paramref name="signatureBase64"/> is the body's signature under <paramref name="secret"/>; compared in constant time.</summary>
    public static bool IsValid(ReadOnlySpan<byte> rawBody, string? signatureBase64, string secret)
    {
        if (string.IsNullOrWhiteSpace(signatureBase64) || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        Span<byte> received = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(signatureBase64.Trim(), received, out var written) || written != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    /// <summary>Reads the signature header (header names are case-insensitive) and checks it against the raw body.</summary>
    public static bool IsValid(ReadOnlySpan<byte> rawBody, IHeaderDictionary headers, string secret) =>
        IsValid(rawBody, headers.TryGetValue(SignatureHeader, out var values) ? values.ToString() : null, secret);

    /// <summary>Reads the signature from any header collection, matching the name case-insensitively.</summary>
    public static bool IsValid(ReadOnlySpan<byte> rawBody, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, string secret)
    {
        string? signature = null;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, SignatureHeader, StringComparison.OrdinalIgnoreCase))
            {
                signature = header.Value.FirstOrDefault();
                break;
            }
        }

        return IsValid(rawBody, signature, secret);
    }

    /// <summary>The signature Shopify would send for <paramref name="rawBody"/>; used to sign test payloads.</summary>
    public static string Sign(ReadOnlySpan<byte> rawBody, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody));
}
