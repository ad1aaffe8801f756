using Microsoft.DurableTask;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Webhooks;

/// <summary>
/// The webhook-delivery activities as typed calls. Their retry policy covers storage hiccups only: a receiver's
/// failure is an outcome the orchestration schedules the next attempt for, not an exception.
/// </summary>
public static class WebhookDeliveryCalls
{
    public static Task<AttemptOutcome> AttemptWebhookDeliveryAsync(this TaskOrchestrationContext context, WebhookAttemptRequest request) =>
        context.CallActivityAsync<AttemptOutcome>(WebhookDeliveryNames.AttemptWebhookDelivery, request, ActivityRetries.Transient);

    public static Task DisableWebhookSubscriptionAsync(this TaskOrchestrationContext context, DisableSubscriptionRequest request) =>
        context.CallActivityAsync(WebhookDeliveryNames.DisableWebhookSubscription, request, ActivityRetries.Transient);
}
