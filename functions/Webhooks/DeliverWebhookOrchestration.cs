using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using static PromoServerless.Functions.Webhooks.WebhookDeliveryNames;

namespace PromoServerless.Functions.Webhooks;

/// <summary>
/// Delivers one event to one subscription: an attempt, and after each failure a durable timer for the next delay of
/// the schedule, the same event id every time. When the schedule is spent the subscription is disabled.
/// </summary>
public static class DeliverWebhookOrchestration
{
    public const string DisabledReason = "Every delivery attempt failed for the whole retry window.";

    [Function(DeliverWebhook)]
    public static async Task<DeliveryEnd> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<DeliverWebhookInput>() ?? throw new InvalidOperationException("DeliverWebhook needs its input.");
        var firstAttemptAt = context.CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            var now = context.CurrentUtcDateTime;
            DateTime? next = attempt <= input.RetryDelays.Count ? now + input.RetryDelays[attempt - 1] : null;
            var request = new WebhookAttemptRequest(input.BrandId, input.EventId, input.SubscriptionId, attempt, now, next);
            var outcome = await context.AttemptWebhookDeliveryAsync(request);
            switch (outcome)
            {
                case AttemptOutcome.Delivered:
                    return DeliveryEnd.Delivered;
                case AttemptOutcome.SubscriptionInactive:
                    return DeliveryEnd.SubscriptionInactive;
            }

            if (next is null)
            {
                await context.DisableWebhookSubscriptionAsync(new DisableSubscriptionRequest(input.BrandId, input.SubscriptionId, firstAttemptAt));
                return DeliveryEnd.GaveUp;
            }

            await context.CreateTimer(next.Value, CancellationToken.None);
        }
    }
}
