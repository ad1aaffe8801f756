using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Offers;

/// <summary>Body of <c>notifications</c>: which code changes the offer's members are emailed about (all off when absent).</summary>
public sealed record MemberNotificationsDraft
{
    public bool? CodeRenamed { get; init; }

    public bool? CodeDeactivated { get; init; }

    public bool? CodeReactivated { get; init; }

    public bool? CodeDatesChanged { get; init; }
}

/// <summary>Which code changes an offer tells its members about; each goes out with its own template.</summary>
public sealed record MemberNotifications(bool CodeRenamed, bool CodeDeactivated, bool CodeReactivated, bool CodeDatesChanged)
{
    public static MemberNotifications None { get; } = new(false, false, false, false);

    public static MemberNotifications From(MemberNotificationsDraft? draft) => draft is null
        ? None
        : new(draft.CodeRenamed ?? false, draft.CodeDeactivated ?? false, draft.CodeReactivated ?? false, draft.CodeDatesChanged ?? false);

    public bool IsOn(NotificationKind kind) => kind switch
    {
        NotificationKind.CodeRenamed => CodeRenamed,
        NotificationKind.CodeDeactivated => CodeDeactivated,
        NotificationKind.CodeReactivated => CodeReactivated,
        NotificationKind.CodeDatesChanged => CodeDatesChanged,
        _ => false,
    };
}
