namespace PromoServerless.Domain.Events;

/// <summary>What happened. Receivers see the wire name (<see cref="EventTypes.WireName"/>), e.g. <c>code_batch.completed</c>.</summary>
public enum EventType
{
    CodeBatchCompleted,
    CodeCreated,
    CodeDeactivated,
    CodeReactivated,
    CodeRenamed,
    CodeDatesChanged,
    EmailSendCompleted,
    MemberStageChanged,
    ConversionCreated,
    ConversionApproved,
    ConversionReversed,
    PayoutPaid,
}

public static class EventTypes
{
    private static readonly Dictionary<EventType, string> Names = new()
    {
        [EventType.CodeBatchCompleted] = "code_batch.completed",
        [EventType.CodeCreated] = "code.created",
        [EventType.CodeDeactivated] = "code.deactivated",
        [EventType.CodeReactivated] = "code.reactivated",
        [EventType.CodeRenamed] = "code.renamed",
        [EventType.CodeDatesChanged] = "code.dates_changed",
        [EventType.EmailSendCompleted] = "email_send.completed",
        [EventType.MemberStageChanged] = "member.stage_changed",
        [EventType.ConversionCreated] = "conversion.created",
        [EventType.ConversionApproved] = "conversion.approved",
        [EventType.ConversionReversed] = "conversion.reversed",
        [EventType.PayoutPaid] = "payout.paid",
    };

    private static readonly Dictionary<string, EventType> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyList<EventType> All { get; } = Enum.GetValues<EventType>();

    public static string WireName(this EventType type) => Names[type];

    public static bool TryParse(string? wireName, out EventType type) => ByName.TryGetValue(wireName ?? string.Empty, out type);
}
