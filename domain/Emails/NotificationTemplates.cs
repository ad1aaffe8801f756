namespace PromoServerless.Domain.Emails;

/// <summary>
/// The default email for each change to a member's code: it says what changed, gives the code as it is now (and,
/// after a rename, the old one) and the dates it works. They use the same variables as "your code is ready".
/// </summary>
public static class NotificationTemplates
{
    private const string Greeting = "Hi {{ member.first_name | default: member.name }},";
    private const string Dates = "It works from {{ starts_at }}{% if ends_at %} until {{ ends_at }}{% endif %}.";
    private const string SignOff = "The {{ brand.name }} team";

    public static EmailTemplate Renamed { get; } = Build(
        "Your {{ brand.name }} code is now {{ code }}",
        "Your personal code for {{ offer.name }} has changed{% if previous_code %} from {{ previous_code }}{% endif %} to {{ code }}. The old code no longer works; share the new one from now on.",
        "Your personal code for {{ offer.name }} has changed{% if previous_code %} from <s>{{ previous_code }}</s>{% endif %} to <strong>{{ code }}</strong>. The old code no longer works; share the new one from now on.",
        includeDates: true);

    public static EmailTemplate Deactivated { get; } = Build(
        "Your {{ brand.name }} code {{ code }} has been deactivated",
        "Your personal code {{ code }} for {{ offer.name }} has been deactivated and no longer works at checkout. Please stop sharing it; we will let you know if it is turned back on.",
        "Your personal code <strong>{{ code }}</strong> for {{ offer.name }} has been deactivated and no longer works at checkout. Please stop sharing it; we will let you know if it is turned back on.",
        includeDates: false);

    public static EmailTemplate Reactivated { get; } = Build(
        "Your {{ brand.name }} code {{ code }} works again",
        "Good news: your personal code {{ code }} for {{ offer.name }} has been reactivated.",
        "Good news: your personal code <strong>{{ code }}</strong> for {{ offer.name }} has been reactivated.",
        includeDates: true);

    public static EmailTemplate DatesChanged { get; } = Build(
        "New dates for your {{ brand.name }} code {{ code }}",
        "The dates of your personal code {{ code }} for {{ offer.name }} have changed.",
        "The dates of your personal code <strong>{{ code }}</strong> for {{ offer.name }} have changed.",
        includeDates: true);

    public static EmailTemplate For(NotificationKind kind) => kind switch
    {
        NotificationKind.CodeRenamed => Renamed,
        NotificationKind.CodeDeactivated => Deactivated,
        NotificationKind.CodeReactivated => Reactivated,
        NotificationKind.CodeDatesChanged => DatesChanged,
        _ => EmailTemplate.Default,
    };

    private static EmailTemplate Build(string subject, string text, string html, bool includeDates) => new(
        subject,
        $"<p>{Greeting}</p>\n<p>{html}</p>\n" + (includeDates ? $"<p>{Dates}</p>\n" : string.Empty) + $"<p>{SignOff}</p>\n",
        $"{Greeting}\n\n{text}\n\n" + (includeDates ? $"{Dates}\n\n" : string.Empty) + $"{SignOff}\n");
}
