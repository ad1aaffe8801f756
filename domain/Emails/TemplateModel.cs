namespace PromoServerless.Domain.Emails;

/// <summary>
/// Everything an email template can read for one recipient. Liquid sees the properties in snake_case
/// (<c>member.first_name</c>, <c>starts_at</c>, <c>brand.shop_url</c>); <see cref="TemplateVariables"/>
/// lists exactly those names.
/// </summary>
public sealed record EmailTemplateModel(
    TemplateMember Member,
    string Code,
    string StartsAt,
    string? EndsAt,
    TemplateOffer Offer,
    TemplateBrand Brand,
    string? PreviousCode = null)
{
    /// <summary>Builds the model with the active dates written in the brand's time zone and locale.</summary>
    public static EmailTemplateModel Create(
        TemplateMember member,
        string code,
        DateTimeOffset startsAt,
        DateTimeOffset? endsAt,
        TemplateOffer offer,
        TemplateBrand brand,
        ActiveDateFormatter dates) =>
        new(member, code, dates.Format(startsAt), endsAt is { } end ? dates.Format(end) : null, offer, brand);
}

/// <summary>The recipient. <see cref="Handle"/> is the member's social handle, if known.</summary>
public sealed record TemplateMember(string Name, string FirstName, string LastName, string Email, string? Handle)
{
    /// <summary>Splits a full name at its first space when the member record has no separate first and last name.</summary>
    public static TemplateMember FromFullName(string name, string email, string? handle = null)
    {
        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new TemplateMember(trimmed, trimmed, string.Empty, email, handle)
            : new TemplateMember(trimmed, trimmed[..space], trimmed[(space + 1)..].Trim(), email, handle);
    }
}

/// <summary>The offer as members read it. <see cref="Discount"/> is ready-made text such as "10% off" or "$15 off".</summary>
public sealed record TemplateOffer(string Name, string Description, string Discount);

/// <summary>The brand sending the email. <see cref="ShopUrl"/> is the storefront members send their audience to.</summary>
public sealed record TemplateBrand(string Name, string ShopUrl);
