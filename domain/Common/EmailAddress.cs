using System.Globalization;

namespace PromoServerless.Domain.Common;

/// <summary>
/// One <c>local@domain</c> mailbox: no display name, comments, quoted local part or IP literal, no control
/// characters (a CR/LF would break a mail header), within the SMTP length limits. <see cref="Value"/> is the
/// address as given (trimmed); <see cref="Normalized"/> is the form two addresses compare by: lower case, the
/// domain in its ASCII (punycode) form, so <c>Jane@Bücher.example</c> equals <c>jane@xn--bcher-kva.example</c>.
/// The SMTP adapter parses the address again with MimeKit before sending.
/// </summary>
public readonly record struct EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;

    // RFC 5322 atext, ASCII only: relays are not required to accept SMTPUTF8 local parts.
    private const string LocalSpecials = "!#$%&'*+-/=?^_`{|}~";

    private static readonly IdnMapping Idn = new();

    private EmailAddress(string value, string normalized)
    {
        Value = value;
        Normalized = normalized;
    }

    public string Value { get; }

    public string Normalized { get; }

    public bool Equals(EmailAddress other) => string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

    public override int GetHashCode() => Normalized is null ? 0 : StringComparer.Ordinal.GetHashCode(Normalized);

    public override string ToString() => Value;

    public static Validated<EmailAddress> Parse(string? input, string field = "email") =>
        Check(input, out var address) is { } problem
            ? Validated<EmailAddress>.Fail(field, problem)
            : Validated<EmailAddress>.Ok(address);

    public static bool TryParse(string? input, out EmailAddress address) => Check(input, out address) is null;

    public static bool IsValid(string? input) => Check(input, out _) is null;

    private static string? Check(string? input, out EmailAddress address)
    {
        address = default;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "An email address is required.";
        }

        if (text.Length > MaxLength)
        {
            return $"An email address has at most {MaxLength} characters.";
        }

        if (text.Any(char.IsControl))
        {
            return "An email address cannot hold line breaks or other control characters.";
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1 || text.LastIndexOf('@') != at)
        {
            return "An email address has the form name@example.com.";
        }

        var local = text[..at];
        if (local.Length > MaxLocalPartLength)
        {
            return $"The part before '@' has at most {MaxLocalPartLength} characters.";
        }

        if (!IsDotAtom(local))
        {
            return "The part before '@' may hold letters, digits and !#$%&'*+-/=?^_`{|}~, with single dots between them.";
        }

        var domain = AsciiDomain(text[(at + 1)..]);
        if (domain is null)
        {
            return $"'{text[(at + 1)..]}' is not a valid mail domain.";
        }

        var normalized = local.ToLowerInvariant() + "@" + domain;
        if (normalized.Length > MaxLength)
        {
            return $"An email address has at most {MaxLength} characters.";
        }

        address = new EmailAddress(text, normalized);
        return null;
    }

    private static bool IsDotAtom(string text) =>
        text[0] != '.' && text[^1] != '.' && !text.Contains("..", StringComparison.Ordinal)
        && text.All(c => c == '.' || char.IsAsciiLetterOrDigit(c) || LocalSpecials.Contains(c, StringComparison.Ordinal));

    /// <summary>The domain lower-cased in its ASCII form, or null when it is not a dotted host name with a top-level domain that is not a number.</summary>
    private static string? AsciiDomain(string domain)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        return ascii.Length <= MaxDomainLength
            && labels.Length >= 2
            && labels.All(IsLabel)
            && labels[^1].Length >= 2
            && !labels[^1].All(char.IsAsciiDigit)
                ? ascii
                : null;
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= MaxLabelLength
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
