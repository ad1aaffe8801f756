using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// An address that passed the domain's pre-check: one <c>local@domain</c> mailbox without display name,
/// comments or quoted local part, within the SMTP length limits. The SMTP adapter parses it again with
/// MimeKit before sending; this check lets the API refuse bad input early and without packages.
/// </summary>
public readonly record struct EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static Validated<EmailAddress> Parse(string? input, string field = "email")
    {
        var problem = FindProblem(input?.Trim());
        return problem is null
            ? Validated<EmailAddress>.Ok(new EmailAddress(input!.Trim()))
            : Validated<EmailAddress>.Fail(field, problem);
    }

    public static bool IsValid(string? input) => FindProblem(input?.Trim()) is null;

    private static string? FindProblem(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "An email address is required.";
        }

        if (address.Length > MaxLength)
        {
            return $"An email address has at most {MaxLength} characters.";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return "An email address has the form name@example.com.";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length > MaxLocalPartLength)
        {
            return $"The part before '@' has at most {MaxLocalPartLength} characters.";
        }

        if (!IsDotAtom(local, IsLocalChar))
        {
            return "The part before '@' may hold letters, digits and !#$%&'*+-/=?^_`{|}~, with single dots between them.";
        }

        if (!IsDomain(domain))
        {
            return $"'{domain}' is not a valid mail domain.";
        }

        return null;
    }

    private static bool IsDotAtom(string text, Func<char, bool> isAtomChar)
    {
        if (text.StartsWith('.') || text.EndsWith('.') || text.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != '.' && !isAtomChar(c))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5322 atext, ASCII only: relays are not required to accept SMTPUTF8 local parts.
    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);

    private static bool IsDomain(string domain)
    {
        if (domain.Length > 253 || !domain.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return false;
            }

            // Letters beyond ASCII are allowed: an internationalised domain is sent in its punycode form.
            if (label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || (c > 127 && char.IsLetterOrDigit(c)))))
            {
                return false;
            }
        }

        return true;
    }
}
