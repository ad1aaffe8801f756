using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;
using PromoServerless.Infra.Webhooks;

namespace PromoServerless.Functions.Webhooks;

/// <summary>
/// Empties the event outbox every few seconds: starts one <c>DeliverWebhook</c> per event and subscription that wants
/// it, then marks the event dispatched. A crash in between dispatches the event again, and the guarded start (the
/// instance id follows from the event and subscription) leaves a delivery that exists alone.
/// </summary>
public sealed class EventDispatcher(OutgoingEventStore events, WebhookSubscriptionStore subscriptions, IOptions<WebhookOptions> options, ILogger<EventDispatcher> logger)
{
    public const int MaxEventsPerRun = 500;

    /// <summary>Events handed over at once; each is a few storage calls, and each event's own calls stay in order.</summary>
    public const int ParallelStarts = 8;

    [Function(nameof(DispatchEvents))]
    public async Task DispatchEvents([TimerTrigger("*/5 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var pending = await events.ReadOutboxAsync(MaxEventsPerRun, cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var delays = options.Value.RetryDelays is { Count: > 0 } configured ? configured : RetrySchedule.Default;
        var started = 0;
        foreach (var brandEvents in pending.GroupBy(e => e.BrandId))
        {
            var brandSubscriptions = await subscriptions.GetAllAsync(new BrandId(brandEvents.Key), cancellationToken);
            var options = new ParallelOptions { MaxDegreeOfParallelism = ParallelStarts, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(brandEvents, options, async (outgoing, ct) =>
            {
                foreach (var subscription in brandSubscriptions.Where(s => s.Receives(outgoing.Type)))
                {
                    var input = new DeliverWebhookInput(outgoing.BrandId, outgoing.Id, subscription.Id.Value, delays);
                    if (await client.StartOnceAsync(WebhookDeliveryNames.DeliverWebhook, WebhookDeliveryNames.InstanceId(outgoing.Id, subscription.Id.Value), input, null, ct))
                    {
                        Interlocked.Increment(ref started);
                    }
                }

                await events.MarkDispatchedAsync(outgoing, ct);
            });
        }

        logger.LogInformation("Dispatched {Events} events; started {Deliveries} deliveries.", pending.Count, started);
    }
}
