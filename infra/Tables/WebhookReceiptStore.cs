using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public enum WebhookReceiptState
{
    /// <summary>Written by earlier versions when a delivery was received, before it was enqueued: not proof that it was applied.</summary>
    Received,

    /// <summary>Written by earlier versions once a delivery was enqueued: not proof that it was applied.</summary>
    Enqueued,

    /// <summary>The delivery's event was applied to the brand's conversions.</summary>
    Applied,
}

public sealed record WebhookReceipt(string WebhookId, string Topic, WebhookReceiptState State, DateTimeOffset ReceivedAt, string? PayloadBlob);

/// <summary>
/// One row per applied webhook delivery (PK brand, RK the hashed <c>X-Shopify-Webhook-Id</c>): the dedupe key. It is
/// written after the event is applied, so a re-delivery of an applied webhook is skipped, and a crash between applying
/// and writing it only means the event is applied again, which processing tolerates.
/// </summary>
public sealed class WebhookReceiptStore(StorageClients storage)
{
    private readonly DocumentTable<WebhookReceipt> _receipts = new(storage.Table(TableNames.WebhookEvents));

    public async Task<bool> WasAppliedAsync(BrandId brand, string webhookId, CancellationToken cancellationToken) =>
        await GetAsync(brand, webhookId, cancellationToken) is { State: WebhookReceiptState.Applied };

    /// <summary>Records the delivery as applied; an older receipt of the same id (from an earlier version) is replaced.</summary>
    public async Task RecordAppliedAsync(BrandId brand, WebhookReceipt receipt, CancellationToken cancellationToken) =>
        await _receipts.UpsertAsync(Keys.Brand(brand), RowKeys.Hashed(receipt.WebhookId), receipt, cancellationToken);

    public async Task<WebhookReceipt?> GetAsync(BrandId brand, string webhookId, CancellationToken cancellationToken) =>
        (await _receipts.GetAsync(Keys.Brand(brand), RowKeys.Hashed(webhookId), cancellationToken))?.Value;

    /// <summary>How many receipts a brand has: what a rejected delivery must leave unchanged.</summary>
    public async Task<int> CountAsync(BrandId brand, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in _receipts.QueryPartitionAsync(Keys.Brand(brand), cancellationToken))
        {
            count++;
        }

        return count;
    }
}
