using System.Security.Cryptography;
using System.Text;

namespace PromoServerless.Infra.Email;

/// <summary>
/// Derives the Message-ID from the idempotency key, so every attempt at one recipient's email carries the
/// same id: a duplicate that slips through (server accepted, result not recorded) is recognisable as such
/// by the recipient's mail system and by us. Hashed so the key itself is not disclosed.
/// </summary>
public static class MessageIds
{
    public static string FromIdempotencyKey(string idempotencyKey, string senderDomain)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"promo.{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{senderDomain}";
    }
}
