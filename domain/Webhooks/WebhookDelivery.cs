using PromoServerless.Domain.Events;

namespace PromoServerless.Domain.Webhooks;

/// <summary>Why an attempt failed, as the delivery log shows it.</summary>
public enum DeliveryErrorKind
{
    None,

    /// <summary>The receiver answered 4xx or 5xx (or another status that is not 2xx or 3xx).</summary>
    HttpStatus,
    /// <summary>The receiver answered 3xx; redirects are never followed.</summary>
    Redirect,
    Timeout,
    ConnectionFailed,
    DnsFailure,

    /// <summary>The host resolved to a private, loopback, link-local or metadata address; nothing was sent.</summary>
    BlockedAddress,
}

public enum DeliveryOutcome
{
    Delivered,
    Failed,
}

/// <summary>One attempt to deliver one event to one subscription, and the receiver's answer.</summary>
public sealed record WebhookDeliveryAttempt(
    string EventId,
    EventType EventType,
    int Attempt,
    DateTimeOffset AttemptedAt,
    DeliveryOutcome Outcome,
    DeliveryErrorKind ErrorKind,
    int? StatusCode,
    long DurationMs,
    string? ResponseBody,
    DateTimeOffset? NextAttemptAt);

/// <summary>The delays between attempts: exponential at first, capped, and together about the retry window.</summary>
public static class RetrySchedule
{
    /// <summary>1 min, 5 min, 30 min, 2 h, 6 h, then 6 h steps until 24 h have passed since the first attempt.</summary>
    public static IReadOnlyList<TimeSpan> Default { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromHours(6), TimeSpan.FromHours(6), TimeSpan.FromHours(3) + TimeSpan.FromMinutes(24),
    ];

    public static TimeSpan Window(IReadOnlyList<TimeSpan> delays) => delays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
}
