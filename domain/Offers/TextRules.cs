using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

/// <summary>Checks shared by the validators for trimmed text and money-like numbers.</summary>
internal static class TextRules
{
    /// <summary>The trimmed value when present and valid; records an error when missing, too long or holding control characters.</summary>
    public static string? Required(ErrorCollector errors, string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, "Required.");
            return null;
        }

        return Check(errors, field, trimmed, maxLength, allowLineBreaks: false);
    }

    /// <summary>The trimmed value, or null when absent or blank.</summary>
    public static string? Optional(ErrorCollector errors, string field, string? value, int maxLength, bool allowLineBreaks = false)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : Check(errors, field, trimmed, maxLength, allowLineBreaks);
    }

    public static bool HasControlCharacters(string value, bool allowLineBreaks = false) =>
        value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\r' or '\n' or '\t'));

    /// <summary>True when the value has at most two decimal places (12.34, 12.340 but not 12.345).</summary>
    public static bool HasAtMostTwoDecimals(decimal value) => decimal.Round(value, 2) == value;

    private static string? Check(ErrorCollector errors, string field, string trimmed, int maxLength, bool allowLineBreaks)
    {
        var ok = true;
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, $"Must be at most {maxLength} characters.");
            ok = false;
        }

        if (HasControlCharacters(trimmed, allowLineBreaks))
        {
            errors.Add(field, allowLineBreaks ? "Must not contain control characters." : "Must not contain line breaks or other control characters.");
            ok = false;
        }

        return ok ? trimmed : null;
    }
}
