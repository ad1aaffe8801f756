using System.Collections.Frozen;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// The names a template may use: the roots of <see cref="EmailTemplateModel"/> and, for object roots,
/// their fields. A template that names anything else is refused when it is saved.
/// </summary>
public static class TemplateVariables
{
    public const string Member = "member";
    public const string Code = "code";
    public const string StartsAt = "starts_at";
    public const string EndsAt = "ends_at";
    public const string Offer = "offer";
    public const string Brand = "brand";

    /// <summary>The member's code before a rename; blank in every other email.</summary>
    public const string PreviousCode = "previous_code";

    /// <summary>Each root with its fields; scalar roots have none.</summary>
    public static FrozenDictionary<string, FrozenSet<string>> Roots { get; } = new Dictionary<string, FrozenSet<string>>
    {
        [Member] = FrozenSet.Create(StringComparer.Ordinal, "name", "first_name", "last_name", "email", "handle"),
        [Code] = FrozenSet<string>.Empty,
        [StartsAt] = FrozenSet<string>.Empty,
        [EndsAt] = FrozenSet<string>.Empty,
        [Offer] = FrozenSet.Create(StringComparer.Ordinal, "name", "description", "discount"),
        [Brand] = FrozenSet.Create(StringComparer.Ordinal, "name", "shop_url"),
        [PreviousCode] = FrozenSet<string>.Empty,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsRoot(string name) => Roots.ContainsKey(name);

    /// <summary>True for a scalar root (<c>code</c>) and for a known field of an object root (<c>member.email</c>).</summary>
    public static bool IsField(string root, string field) =>
        Roots.TryGetValue(root, out var fields) && fields.Contains(field);

    public static bool IsObject(string root) => Roots.TryGetValue(root, out var fields) && fields.Count > 0;
}
