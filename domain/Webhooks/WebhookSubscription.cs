using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;

namespace PromoServerless.Domain.Webhooks;

public readonly record struct WebhookSubscriptionId(string Value)
{
    public static WebhookSubscriptionId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public enum SubscriptionStatus
{
    Active,

    /// <summary>Deliveries kept failing for the whole retry window; nothing more is sent. Create a new subscription to resume.</summary>
    Disabled,
}

/// <summary>Where a brand wants its events sent, and whether that still works.</summary>
public sealed record WebhookSubscription(
    WebhookSubscriptionId Id,
    BrandId BrandId,
    Uri Url,
    IReadOnlyList<EventType> EventTypes,
    string? Description,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveredAt = null,
    DateTimeOffset? DisabledAt = null,
    string? DisabledReason = null)
{
    public bool Receives(EventType type) => Status == SubscriptionStatus.Active && EventTypes.Contains(type);

    /// <summary>How stale <see cref="LastDeliveredAt"/> may be: it only has to tell "nothing for 24 h" apart.</summary>
    public static readonly TimeSpan DeliveredPrecision = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Notes a success. Within <see cref="DeliveredPrecision"/> of the last one it changes nothing, so a burst of
    /// deliveries to one subscription does not make every one of them write (and contend for) its row.
    /// </summary>
    public WebhookSubscription Delivered(DateTimeOffset now) =>
        LastDeliveredAt is { } last && now - last < DeliveredPrecision ? this : this with { LastDeliveredAt = now };

    /// <summary>
    /// Disables the subscription when an event has failed since <paramref name="failingSince"/> and nothing was
    /// delivered since then: a receiver that accepted other events meanwhile is not failing, one event is.
    /// </summary>
    public WebhookSubscription DisabledAfterFailures(DateTimeOffset failingSince, DateTimeOffset now, string reason) =>
        Status == SubscriptionStatus.Disabled || LastDeliveredAt >= failingSince
            ? this
            : this with { Status = SubscriptionStatus.Disabled, DisabledAt = now, DisabledReason = reason };
}
