using System.Security.Cryptography;
using System.Text;

namespace PromoServerless.Infra.Webhooks;

/// <summary>
/// <c>X-PromoServerless-Signature: v1=&lt;hex&gt;</c>, the lower-case hex HMAC-SHA256, keyed with the UTF-8 bytes of the
/// subscription's secret, of <c>{timestamp}.{body}</c>: the <c>X-PromoServerless-Timestamp</c> header (Unix seconds), a
/// dot, and the raw body bytes. Receivers recompute it, compare in constant time and refuse old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-PromoServerless-Signature";
    public const string TimestampHeader = "X-PromoServerless-Timestamp";
    public const string EventIdHeader = "X-PromoServerless-Event-Id";
    public const string EventTypeHeader = "X-PromoServerless-Event-Type";
    public const string AttemptHeader = "X-PromoServerless-Attempt";
    public const string Version = "v1=";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Version + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Verify(string secret, string timestampHeader, ReadOnlySpan<byte> body, string signatureHeader) =>
        long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signatureHeader));
}
