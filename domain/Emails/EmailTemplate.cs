namespace PromoServerless.Domain.Emails;

/// <summary>A brand's email in Liquid: the subject and text body are plain text, the HTML body is HTML.</summary>
public sealed record EmailTemplate(string Subject, string HtmlBody, string TextBody)
{
    /// <summary>Longest template part accepted when a template is saved, in characters.</summary>
    public const int MaxPartLength = 100_000;

    /// <summary>
    /// The template a brand starts from: it greets the member by first name and gives the code, what it
    /// offers and the dates it works.
    /// </summary>
    public static EmailTemplate Default { get; } = new(
        Subject: "Your {{ brand.name }} code: {{ code }}",
        HtmlBody: """
            <p>Hi {{ member.first_name | default: member.name }},</p>
            <p>Thanks for partnering with {{ brand.name }}! Your personal code for {{ offer.name }} is <strong>{{ code }}</strong>{% if offer.discount != blank %}. It gives your audience {{ offer.discount }}{% endif %}.</p>
            <p>It works from {{ starts_at }}{% if ends_at %} until {{ ends_at }}{% endif %}{% if brand.shop_url != blank %} at <a href="{{ brand.shop_url }}">{{ brand.shop_url }}</a>{% endif %}.</p>
            <p>Share it with your followers: every order that uses it counts towards your commission.</p>
            <p>The {{ brand.name }} team</p>
            """,
        TextBody: """
            Hi {{ member.first_name | default: member.name }},

            Thanks for partnering with {{ brand.name }}! Your personal code for {{ offer.name }} is {{ code }}{% if offer.discount != blank %}. It gives your audience {{ offer.discount }}{% endif %}.

            It works from {{ starts_at }}{% if ends_at %} until {{ ends_at }}{% endif %}{% if brand.shop_url != blank %} at {{ brand.shop_url }}{% endif %}.

            Share it with your followers: every order that uses it counts towards your commission.

            The {{ brand.name }} team
            """);
}
