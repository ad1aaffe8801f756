using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Tables;
using PromoServerless.Infra.Webhooks;

namespace PromoServerless.Functions.Webhooks;

/// <summary>
/// The delivery activities. An attempt that runs twice sends twice (the receiver dedupes on the event id) and logs one
/// row: the row key is the attempt's scheduled time and number.
/// </summary>
public sealed class WebhookDeliveryActivities(
    WebhookSubscriptionStore subscriptions,
    OutgoingEventStore events,
    WebhookDeliveryStore deliveries,
    ISecretStore secrets,
    WebhookSender sender,
    TimeProvider time,
    ILogger<WebhookDeliveryActivities> logger)
{
    [Function(WebhookDeliveryNames.AttemptWebhookDelivery)]
    public async Task<AttemptOutcome> AttemptWebhookDelivery([ActivityTrigger] WebhookAttemptRequest request, CancellationToken cancellationToken)
    {
        var brand = new BrandId(request.BrandId);
        var id = new WebhookSubscriptionId(request.SubscriptionId);
        var subscription = await subscriptions.GetAsync(brand, id, cancellationToken);
        if (subscription is not { Status: SubscriptionStatus.Active })
        {
            return AttemptOutcome.SubscriptionInactive;
        }

        var outgoing = await events.GetAsync(brand, request.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {request.EventId} is missing.");
        var secret = await secrets.GetAsync(brand, WebhookSubscriptionStore.SecretName(id), cancellationToken)
            ?? throw new InvalidOperationException($"Subscription {id} has no secret.");
        var message = new WebhookMessage(subscription.Url, secret, outgoing.Id, outgoing.Type.WireName(), request.Attempt, EventPublisher.Envelope(outgoing));
        var attemptedAt = time.GetUtcNow();
        var result = await sender.SendAsync(message, cancellationToken);

        var outcome = result.Delivered ? DeliveryOutcome.Delivered : DeliveryOutcome.Failed;
        var attempt = new WebhookDeliveryAttempt(
            outgoing.Id, outgoing.Type, request.Attempt, attemptedAt, outcome, result.ErrorKind, result.StatusCode, result.DurationMs, result.ResponseBody,
            result.Delivered ? null : request.NextAttemptAt);
        await deliveries.RecordAsync(brand, id, request.ScheduledAt, attempt, cancellationToken);
        if (!result.Delivered)
        {
            logger.LogInformation("Webhook {EventId} to subscription {SubscriptionId} failed (attempt {Attempt}): {ErrorKind} {Status}.", outgoing.Id, id, request.Attempt, result.ErrorKind, result.StatusCode);
            return AttemptOutcome.Failed;
        }

        try
        {
            await subscriptions.UpdateAsync(brand, id, s => s.Delivered(attemptedAt), cancellationToken);
        }
        catch (RowContendedException)
        {
            // The event is delivered; failing the activity now would only send it again. A later success notes it.
            logger.LogInformation("Subscription {SubscriptionId} kept changing; its last delivery time is left as it was.", id);
        }

        return AttemptOutcome.Delivered;
    }

    [Function(WebhookDeliveryNames.DisableWebhookSubscription)]
    public async Task DisableWebhookSubscription([ActivityTrigger] DisableSubscriptionRequest request, CancellationToken cancellationToken)
    {
        var brand = new BrandId(request.BrandId);
        var id = new WebhookSubscriptionId(request.SubscriptionId);
        var after = await subscriptions.UpdateAsync(brand, id, s => s.DisabledAfterFailures(request.FailingSince, time.GetUtcNow(), DeliverWebhookOrchestration.DisabledReason), cancellationToken);
        if (after is { Status: SubscriptionStatus.Disabled })
        {
            logger.LogWarning("Webhook subscription {SubscriptionId} of brand {BrandId} is disabled: {Reason}", id, brand, after.DisabledReason);
        }
    }
}
