namespace PromoServerless.Domain.Naming;

/// <summary>
/// Reads enum values from client text leniently: case, '-' and '_' are ignored, so "CPA_CPS", "cpaCps",
/// "numeric-suffix" and "numericSuffix" all match. Numbers are refused (Enum.TryParse would accept "1").
/// </summary>
internal static class EnumText
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var wanted = Squash(text);
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (wanted.Length > 0 && string.Equals(Squash(candidate.ToString()), wanted, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Squash(string? text) =>
        (text ?? string.Empty).Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
}
