using PromoServerless.Domain.Emails;

namespace PromoServerless.Integration.Tests.Email;

/// <summary>Recipients for template and sending tests.</summary>
internal static class TemplateModels
{
    public static EmailTemplateModel For(string name = "Jane Doe", string email = "jane@example.test", string code = "JANE10") =>
        new(
            TemplateMember.FromFullName(name, email, "@janedoe"),
            code,
            "June 5, 2026",
            "June 30, 2026",
            new TemplateOffer("Summer Glow", "Our summer range", "10% off"),
            new TemplateBrand("Glow Co", "https://glow.example.test"));

    public static string UniqueAddress(string label) => $"{label}.{Guid.NewGuid():N}@example.test";
}
