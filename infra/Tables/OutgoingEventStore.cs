using System.Text.Json;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>An event as published: its payload is kept as JSON, so every delivery attempt sends the same bytes.</summary>
public sealed record OutgoingEvent(string Id, string BrandId, EventType Type, DateTimeOffset Time, JsonElement Data);

/// <summary>
/// Published events (PK brand, RK event id) and the outbox of those not yet handed to their subscriptions. The
/// outbox holds few rows (the dispatcher empties it every few seconds), so the dispatcher may read it across brands.
/// </summary>
public sealed class OutgoingEventStore(StorageClients storage)
{
    private readonly DocumentTable<OutgoingEvent> _events = new(storage.Table(TableNames.OutgoingEvents));
    private readonly DocumentTable<OutgoingEvent> _outbox = new(storage.Table(TableNames.EventOutbox));

    /// <summary>
    /// Puts the event in the outbox unless it was published already. An insert, so a publisher running twice writes
    /// it once; one running after the dispatch finds it among the events and writes nothing.
    /// </summary>
    public async Task<bool> AddToOutboxAsync(OutgoingEvent outgoing, CancellationToken cancellationToken)
    {
        var brand = new BrandId(outgoing.BrandId);
        if (await _events.GetAsync(Keys.Brand(brand), outgoing.Id, cancellationToken) is not null)
        {
            return false;
        }

        return (await _outbox.InsertAsync(Keys.Brand(brand), outgoing.Id, outgoing, cancellationToken)).IsOk;
    }

    public async Task<IReadOnlyList<OutgoingEvent>> ReadOutboxAsync(int max, CancellationToken cancellationToken) =>
        (await _outbox.QueryPageAsync(AllRows, max, continuationToken: null, cancellationToken)).Items.Select(i => i.Value).ToArray();

    /// <summary>Moves the event from the outbox to the published events: the event row first, so a crash in between dispatches again rather than never.</summary>
    public async Task MarkDispatchedAsync(OutgoingEvent outgoing, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(new BrandId(outgoing.BrandId));
        await _events.UpsertAsync(partition, outgoing.Id, outgoing, cancellationToken);
        await _outbox.DeleteAsync(partition, outgoing.Id, etag: null, cancellationToken);
    }

    public async Task<OutgoingEvent?> GetAsync(BrandId brand, string eventId, CancellationToken cancellationToken) =>
        (await _events.GetAsync(Keys.Brand(brand), eventId, cancellationToken))?.Value
        ?? (await _outbox.GetAsync(Keys.Brand(brand), eventId, cancellationToken))?.Value;

    private static string AllRows { get; } = TableClient.CreateQueryFilter($"PartitionKey ne {string.Empty}");
}
