using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Members;

public static class MemberValidator
{
    public const int MaxNameLength = 200;
    public const int MaxNamePartLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxHandleLength = 100;
    public const int MaxExternalIdLength = 100;

    public static Validated<MemberProfile> Validate(MemberDraft? draft) => Validate(draft, nameRequired: true);

    /// <summary>
    /// With <paramref name="nameRequired"/> false (an import row that may update a known member), a row without
    /// any name field is valid and its profile's Name is empty; the importer then keeps the existing name.
    /// </summary>
    internal static Validated<MemberProfile> Validate(MemberDraft? draft, bool nameRequired)
    {
        if (draft is null)
        {
            return Validated<MemberProfile>.Fail("", "Send the member as a JSON object.");
        }

        var errors = new ErrorCollector();
        var name = PersonName.Collapse(TextRules.Optional(errors, "name", draft.Name, MaxNameLength));
        var firstName = PersonName.Collapse(TextRules.Optional(errors, "firstName", draft.FirstName, MaxNamePartLength));
        var lastName = PersonName.Collapse(TextRules.Optional(errors, "lastName", draft.LastName, MaxNamePartLength));
        var email = TextRules.Optional(errors, "email", draft.Email, MaxEmailLength);
        var handle = ValidateHandle(draft.Handle, errors);
        var externalId = TextRules.Optional(errors, "externalId", draft.ExternalId, MaxExternalIdLength);

        if (email is not null && !EmailAddress.IsValid(email))
        {
            errors.Add("email", "Must be an email address like name@example.com.");
        }

        if (IsBlank(draft.Email) && IsBlank(draft.ExternalId))
        {
            errors.Add("email", "Send an email or an externalId so the member can be recognised.");
        }

        if (nameRequired && IsBlank(draft.Name) && IsBlank(draft.FirstName) && IsBlank(draft.LastName))
        {
            errors.Add("name", "Send name, or firstName and/or lastName.");
        }

        if (firstName is null && lastName is null && name is not null)
        {
            (firstName, lastName) = PersonName.Split(name);
        }

        name ??= PersonName.Join(firstName, lastName) ?? string.Empty;
        return errors.ToResult(() => new MemberProfile(name, firstName, lastName, email, handle, externalId));
    }

    private static string? ValidateHandle(string? raw, ErrorCollector errors)
    {
        var handle = TextRules.Optional(errors, "handle", raw, MaxHandleLength + 1);
        if (handle is null)
        {
            return null;
        }

        handle = handle.StartsWith('@') ? handle[1..] : handle;
        if (handle.Length is 0 or > MaxHandleLength || !handle.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors.Add("handle", $"A handle is 1 to {MaxHandleLength} letters, digits, '.', '_' or '-', optionally after '@'.");
            return null;
        }

        return handle;
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);
}

/// <summary>Splitting and joining display names.</summary>
public static class PersonName
{
    /// <summary>"Jean-Claude Van Damme" gives ("Jean-Claude", "Van Damme"); a single word is a first name only.</summary>
    public static (string? FirstName, string? LastName) Split(string name)
    {
        var collapsed = Collapse(name);
        if (collapsed is null)
        {
            return (null, null);
        }

        var space = collapsed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (collapsed, null) : (collapsed[..space], collapsed[(space + 1)..]);
    }

    public static string? Join(string? firstName, string? lastName) =>
        Collapse(string.Join(' ', new[] { firstName, lastName }.Where(p => !string.IsNullOrWhiteSpace(p))));

    /// <summary>Trims and turns every run of whitespace into one space; null for blank text.</summary>
    public static string? Collapse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
