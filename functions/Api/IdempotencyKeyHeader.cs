namespace PromoServerless.Functions.Api;

/// <summary>The <c>Idempotency-Key</c> header every POST that starts work requires.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Reads the key; null with a message when it is missing or malformed.</summary>
    public static (string? Key, string? Error) Read(HttpRequest request)
    {
        var value = request.Headers[Name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return (null, $"The {Name} header is required: a unique value per operation (e.g. a UUID), reused only when retrying it.");
        }

        if (value.Length > MaxLength || value.Any(c => c < 0x21 || c > 0x7E))
        {
            return (null, $"The {Name} header must be 1-{MaxLength} printable ASCII characters without spaces.");
        }

        return (value, null);
    }
}
