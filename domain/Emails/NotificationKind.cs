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

/// <summary>The kinds as the API names them (<c>codeRenamed</c>), the same names the JSON bodies use.</summary>
public static class NotificationKinds
{
    public static IReadOnlyList<NotificationKind> All { get; } = Enum.GetValues<NotificationKind>();

    public static string WireName(this NotificationKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The kind a wire name stands for (exact spelling); null for anything else, numbers included.</summary>
    public static NotificationKind? Parse(string? wireName) =>
        All.Select(kind => (NotificationKind?)kind).FirstOrDefault(kind => string.Equals(kind!.Value.WireName(), wireName, StringComparison.Ordinal));
}
