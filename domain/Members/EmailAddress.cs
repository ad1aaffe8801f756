namespace PromoServerless.Domain.Members;

/// <summary>
/// A deliberately plain email check: local@domain with ASCII characters, no quoting, no IP literals,
/// a dotted domain with a letter TLD. It refuses what would break an SMTP header or obviously bounce.
/// </summary>
public static class EmailAddress
{
    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~.-";

    public static bool IsValid(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > 254)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@'))
        {
            return false;
        }

        return IsValidLocalPart(email[..at]) && IsValidDomain(email[(at + 1)..]);
    }

    private static bool IsValidLocalPart(string local) =>
        local.Length <= 64
        && local[0] != '.'
        && local[^1] != '.'
        && !local.Contains("..", StringComparison.Ordinal)
        && local.All(c => char.IsAsciiLetterOrDigit(c) || LocalSpecials.Contains(c, StringComparison.Ordinal));

    private static bool IsValidDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(IsValidLabel)
            && labels[^1].Length >= 2
            && labels[^1].All(char.IsAsciiLetter);
    }

    private static bool IsValidLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
