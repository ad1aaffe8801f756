using System.Security.Cryptography;
using System.Text;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Events;

/// <summary>
/// An event's id follows from what happened, not from when it was published: the brand, the type and a key naming
/// the occurrence (a batch id, an operation and member). A publisher that runs again gives the same id, so the event
/// is published and delivered once; receivers dedupe on it too.
/// </summary>
public static class EventIds
{
    public const string Prefix = "evt_";

    public static string For(BrandId brand, EventType type, string eventKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{brand.Value}\n{type.WireName()}\n{eventKey}"));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static bool IsWellFormed(string? value) =>
        value is { Length: 36 } && value.StartsWith(Prefix, StringComparison.Ordinal) && value[Prefix.Length..].All(char.IsAsciiHexDigitLower);
}
