namespace PromoServerless.Domain.Emails;

/// <summary>What an email tells a member. <see cref="CodeReady"/> is the "your code" email; the others follow a change to the code.</summary>
public enum NotificationKind
{
    CodeReady,
    CodeRenamed,
    CodeDeactivated,
    CodeReactivated,
    CodeDatesChanged,
}
