using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public sealed record WebhookSubscriptionRecord(
    string Id,
    string BrandId,
    string Url,
    IReadOnlyList<EventType> EventTypes,
    string? Description,
    SubscriptionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveredAt,
    DateTimeOffset? DisabledAt,
    string? DisabledReason)
{
    public static WebhookSubscriptionRecord From(WebhookSubscription s) =>
        new(s.Id.Value, s.BrandId.Value, s.Url.ToString(), s.EventTypes, s.Description, s.Status, s.CreatedAt, s.LastDeliveredAt, s.DisabledAt, s.DisabledReason);

    public WebhookSubscription ToSubscription() =>
        new(new WebhookSubscriptionId(Id), new BrandId(BrandId), new Uri(Url), EventTypes, Description, Status, CreatedAt, LastDeliveredAt, DisabledAt, DisabledReason);
}

/// <summary>A brand's webhook subscriptions (PK brand, RK subscription id); a brand's are one partition, read whole when an event is published.</summary>
public sealed class WebhookSubscriptionStore(StorageClients storage)
{
    private readonly DocumentTable<WebhookSubscriptionRecord> _table = new(storage.Table(TableNames.WebhookSubscriptions));

    public static string SecretName(WebhookSubscriptionId id) => "webhook-secret-" + id.Value;

    public async Task CreateAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var written = await _table.InsertAsync(Keys.Brand(subscription.BrandId), subscription.Id.Value, WebhookSubscriptionRecord.From(subscription), cancellationToken);
        if (!written.IsOk)
        {
            throw new InvalidOperationException($"Subscription {subscription.Id} already exists; subscription ids must be new.");
        }
    }

    public async Task<WebhookSubscription?> GetAsync(BrandId brand, WebhookSubscriptionId id, CancellationToken cancellationToken) =>
        (await _table.GetAsync(Keys.Brand(brand), id.Value, cancellationToken))?.Value.ToSubscription();

    public async Task<IReadOnlyList<WebhookSubscription>> GetAllAsync(BrandId brand, CancellationToken cancellationToken)
    {
        var all = new List<WebhookSubscription>();
        await foreach (var row in _table.QueryPartitionAsync(Keys.Brand(brand), cancellationToken))
        {
            all.Add(row.Value.ToSubscription());
        }

        return all;
    }

    public async Task<DocumentPage<WebhookSubscription>> ListAsync(BrandId brand, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await _table.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)}"), pageSize, continuationToken, cancellationToken);
        return new DocumentPage<WebhookSubscription>(page.Items.Select(s => new Stored<WebhookSubscription>(s.PartitionKey, s.RowKey, s.Value.ToSubscription(), s.ETag, s.Timestamp)).ToArray(), page.ContinuationToken);
    }

    /// <summary>The subscription after the change, or null when it was deleted.</summary>
    public async Task<WebhookSubscription?> UpdateAsync(BrandId brand, WebhookSubscriptionId id, Func<WebhookSubscription, WebhookSubscription> change, CancellationToken cancellationToken) =>
        (await _table.UpdateAsync(Keys.Brand(brand), id.Value, r => WebhookSubscriptionRecord.From(change(r.ToSubscription())), maxAttempts: 8, cancellationToken)).ValueOrNull()?.ToSubscription();

    public async Task<bool> DeleteAsync(BrandId brand, WebhookSubscriptionId id, CancellationToken cancellationToken)
    {
        if (await _table.GetAsync(Keys.Brand(brand), id.Value, cancellationToken) is null)
        {
            return false;
        }

        await _table.DeleteAsync(Keys.Brand(brand), id.Value, etag: null, cancellationToken);
        return true;
    }
}
