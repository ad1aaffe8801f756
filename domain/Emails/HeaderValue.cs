using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// Guards every value that ends up in an email header (subject, display names): a CR or LF would let a
/// value start a header of its own, so any control character is refused rather than stripped.
/// </summary>
public static class HeaderValue
{
    public static Validated<string> Check(string field, string? value)
    {
        if (value is null)
        {
            return Validated<string>.Fail(field, "A value is required.");
        }

        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            return Validated<string>.Fail(field, "A header value cannot contain a line break (CR or LF).");
        }

        if (value.Any(c => char.IsControl(c) && c != '\t'))
        {
            return Validated<string>.Fail(field, "A header value cannot contain control characters.");
        }

        return Validated<string>.Ok(value);
    }

    public static bool IsSafe(string? value) => value is not null && Check("value", value).IsValid;
}
