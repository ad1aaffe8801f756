using System.Text.RegularExpressions;

namespace PromoServerless.Domain.Common;

/// <summary>A deliberately plain check: one @, no spaces or control characters, a dotted domain, at most 254 characters.</summary>
public static partial class EmailAddressRules
{
    public const int MaxLength = 254;

    public static bool LooksValid(string? address) =>
        address is not null && address.Length <= MaxLength && Pattern().IsMatch(address);

    [GeneratedRegex("^[^@\\s\\p{C}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex Pattern();
}
