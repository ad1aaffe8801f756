using System.Text.Json;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Events;

/// <summary>One occurrence to publish: the key that names it (with the brand and type it makes the event id) and its data.</summary>
public sealed record EventDraft(string EventKey, object Data);

/// <summary>
/// The one way to publish an event. Callers name what happened with a key (a batch id, an operation and member), so a
/// call that runs again (a re-run activity, a retried request) publishes the same event once. An event no subscription
/// of the brand wants is not stored at all; one that is goes to the outbox, which the dispatcher hands to every
/// subscription that wants it within seconds.
/// </summary>
public sealed class EventPublisher(WebhookSubscriptionStore subscriptions, OutgoingEventStore events, TimeProvider time)
{
    /// <summary>Event data is written as the API writes its answers: camelCase names, enums as camelCase strings.</summary>
    private static readonly JsonSerializerOptions PayloadJson = CreatePayloadJson();

    public Task PublishAsync(BrandId brand, EventType type, string eventKey, object data, CancellationToken cancellationToken) =>
        PublishManyAsync(brand, type, [new EventDraft(eventKey, data)], cancellationToken);

    public async Task PublishManyAsync(BrandId brand, EventType type, IEnumerable<EventDraft> drafts, CancellationToken cancellationToken)
    {
        var list = drafts.ToArray();
        if (list.Length == 0 || !(await subscriptions.GetAllAsync(brand, cancellationToken)).Any(s => s.Receives(type)))
        {
            return;
        }

        var now = time.GetUtcNow();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(list, options, async (draft, ct) =>
        {
            var outgoing = new OutgoingEvent(EventIds.For(brand, type, draft.EventKey), brand.Value, type, now, JsonSerializer.SerializeToElement(draft.Data, draft.Data.GetType(), PayloadJson));
            await events.AddToOutboxAsync(outgoing, ct);
        });
    }

    /// <summary>The body every attempt sends: <c>{"id","type","time","data"}</c>, the same bytes on every try.</summary>
    public static byte[] Envelope(OutgoingEvent outgoing) =>
        JsonSerializer.SerializeToUtf8Bytes(new EventEnvelope(outgoing.Id, outgoing.Type.WireName(), outgoing.Time, outgoing.Data), PayloadJson);

    private static JsonSerializerOptions CreatePayloadJson()
    {
        // Not HTML: '+' in an offset or '<' in a name travels as itself, not as \u002B.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        ApiJson.Configure(options);
        return options;
    }
}

/// <summary>What a receiver gets: the event id (the same on every try; dedupe on it), its type's wire name, when it happened, and its data.</summary>
public sealed record EventEnvelope(string Id, string Type, DateTimeOffset Time, JsonElement Data);
