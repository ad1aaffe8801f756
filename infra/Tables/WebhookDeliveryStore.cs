using System.Globalization;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Every delivery attempt of a subscription (PK brand|webhook|subscription), newest first: the row key starts with
/// the attempt's scheduled time inverted, then the event id and attempt number, so an activity that runs again
/// writes the same row.
/// </summary>
public sealed class WebhookDeliveryStore(StorageClients storage)
{
    private const string Scope = "webhook";
    private readonly DocumentTable<WebhookDeliveryAttempt> _table = new(storage.Table(TableNames.WebhookDeliveries));

    public static string Partition(BrandId brand, WebhookSubscriptionId subscription) => Keys.Scoped(brand, Scope, subscription.Value);

    public Task RecordAsync(BrandId brand, WebhookSubscriptionId subscription, DateTimeOffset scheduledAt, WebhookDeliveryAttempt attempt, CancellationToken cancellationToken) =>
        _table.UpsertAsync(Partition(brand, subscription), RowKey(scheduledAt, attempt), attempt, cancellationToken);

    public async Task<DocumentPage<WebhookDeliveryAttempt>> ListAsync(BrandId brand, WebhookSubscriptionId subscription, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        await _table.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(brand, subscription)}"), pageSize, continuationToken, cancellationToken);

    private static string RowKey(DateTimeOffset scheduledAt, WebhookDeliveryAttempt attempt) =>
        (DateTimeOffset.MaxValue.UtcTicks - scheduledAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + Keys.Separator + attempt.EventId + Keys.Separator + attempt.Attempt.ToString("D3", CultureInfo.InvariantCulture);
}
