using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Naming;

/// <summary>Checks a code a user typed for one member.</summary>
public static class CodeOverride
{
    public const int MinLength = 3;

    /// <summary>
    /// Accepts the code trimmed and upper-cased (Shopify matches codes case-insensitively, so nothing is lost);
    /// any other difference from A-Z/0-9 is refused with a suggestion rather than silently changed,
    /// because the member may already have been told the code as typed. Errors are on the field <c>code</c>.
    /// </summary>
    public static Validated<string> Validate(string? code, int maxLength = NamingStrategy.DefaultMaxLength)
    {
        var trimmed = code?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return Validated<string>.Fail("code", "Enter a code.");
        }

        var errors = new ErrorCollector();
        var upper = trimmed.ToUpperInvariant();
        if (!upper.All(CodeText.IsCodeCharacter))
        {
            var suggestion = CodeText.Normalize(trimmed);
            errors.Add("code", suggestion.Length > 0
                ? $"A code may contain only letters A-Z and digits 0-9; did you mean {suggestion}?"
                : "A code may contain only letters A-Z and digits 0-9.");
        }

        if (upper.Length < MinLength || upper.Length > maxLength)
        {
            errors.Add("code", $"A code must be {MinLength} to {maxLength} characters long.");
        }

        return errors.ToResult(() => upper);
    }
}
