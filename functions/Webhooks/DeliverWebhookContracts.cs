namespace PromoServerless.Functions.Webhooks;

public static class WebhookDeliveryNames
{
    /// <summary>Orchestration; input <see cref="DeliverWebhookInput"/>, output <see cref="DeliveryEnd"/>.</summary>
    public const string DeliverWebhook = nameof(DeliverWebhook);

    /// <summary>Activity; input <see cref="WebhookAttemptRequest"/>, output <see cref="AttemptOutcome"/>. Makes one attempt and logs it.</summary>
    public const string AttemptWebhookDelivery = nameof(AttemptWebhookDelivery);

    /// <summary>Activity; input <see cref="DisableSubscriptionRequest"/>.</summary>
    public const string DisableWebhookSubscription = nameof(DisableWebhookSubscription);

    /// <summary>One delivery per event and subscription: the dispatcher starting it again finds it and leaves it.</summary>
    public static string InstanceId(string eventId, string subscriptionId) => $"webhook-{eventId}-{subscriptionId}";
}

/// <summary>The retry delays travel in the input, so the orchestrator stays deterministic whatever the settings become.</summary>
public sealed record DeliverWebhookInput(string BrandId, string EventId, string SubscriptionId, IReadOnlyList<TimeSpan> RetryDelays);

public sealed record WebhookAttemptRequest(string BrandId, string EventId, string SubscriptionId, int Attempt, DateTimeOffset ScheduledAt, DateTimeOffset? NextAttemptAt);

public sealed record DisableSubscriptionRequest(string BrandId, string SubscriptionId, DateTimeOffset FailingSince);

public enum AttemptOutcome
{
    Delivered,
    Failed,

    /// <summary>The subscription was deleted or disabled: nothing was sent, nothing more will be.</summary>
    SubscriptionInactive,
}

public enum DeliveryEnd
{
    Delivered,
    SubscriptionInactive,

    /// <summary>Every attempt of the schedule failed; the subscription was disabled unless it delivered something else meanwhile.</summary>
    GaveUp,
}
