namespace PromoServerless.Domain.Automation;

/// <summary>What asking to cancel scheduled work came to.</summary>
public enum CancelOutcome
{
    /// <summary>It was waiting for its time and now never runs.</summary>
    Cancelled,

    /// <summary>It was cancelled before; nothing changed.</summary>
    AlreadyCancelled,

    /// <summary>It has started (or was never scheduled): too late to cancel.</summary>
    AlreadyStarted,
}

/// <summary>Rules shared by the schedulable kinds of work (a generation, an email send).</summary>
public static class ScheduledStart
{
    /// <summary>How far ahead work may be scheduled.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(365);

    /// <summary>The event a cancel request raises on the waiting orchestration; the stored row, not the event, decides.</summary>
    public const string CancelEvent = "cancel";
}
