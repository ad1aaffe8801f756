using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using PromoServerless.Domain.Common;

namespace PromoServerless.Functions.Access;

/// <summary>
/// A brand key reads <c>psk_{brandId}_{keyId}_{secret}</c>: the ids route the lookup to one row of the brand's
/// own partition, the 256-bit secret is what proves possession and is kept only as a hash.
/// </summary>
public static class ApiKeyFormat
{
    private const string Prefix = "psk_";

    public static (string Key, string SecretHash) Create(BrandId brand, ApiKeyId id)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{brand.Value}_{id.Value}_{secret}", Hash(secret));
    }

    public static bool TryParse(string key, out BrandId brand, out ApiKeyId id, out string secret)
    {
        brand = default;
        id = default;
        secret = string.Empty;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return false;
        }

        var parts = key[Prefix.Length..].Split('_', 3);
        if (parts.Length != 3 || !IsHexId(parts[0]) || !IsHexId(parts[1]) || parts[2].Length == 0)
        {
            return false;
        }

        (brand, id, secret) = (new BrandId(parts[0]), new ApiKeyId(parts[1]), parts[2]);
        return true;
    }

    // A fast hash is enough: the secret is 256 random bits, not a password a person chose.
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static bool IsHexId(string value) => Ids.IsWellFormed(value);
}
