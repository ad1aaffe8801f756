using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public enum WebhookReceiptState
{
    /// <summary>Recorded; its message may not have been enqueued yet (the process may have died in between).</summary>
    Received,

    /// <summary>Its message is on the queue.</summary>
    Enqueued,
}

public sealed record WebhookReceipt(string WebhookId, string Topic, WebhookReceiptState State, DateTimeOffset ReceivedAt, string? PayloadBlob);

public enum ReceiptOutcome
{
    /// <summary>First delivery of this webhook id.</summary>
    New,

    /// <summary>Delivered before and its message is enqueued: nothing to do.</summary>
    Duplicate,

    /// <summary>Delivered before but the message may never have been enqueued: enqueue it (again).</summary>
    NotYetEnqueued,
}

/// <summary>
/// One row per webhook delivery (PK brand, RK the hashed <c>X-Shopify-Webhook-Id</c>): the dedupe key. The receipt is
/// written before the message is enqueued and marked enqueued after, so a crash in between is repaired by Shopify's
/// retry, and a duplicate never enqueues twice once the first got through.
/// </summary>
public sealed class WebhookReceiptStore(StorageClients storage)
{
    private const int MaxAttempts = 5;
    private readonly DocumentTable<WebhookReceipt> _receipts = new(storage.Table(TableNames.WebhookEvents));

    public async Task<(ReceiptOutcome Outcome, WebhookReceipt Receipt)> RecordAsync(BrandId brand, WebhookReceipt receipt, CancellationToken cancellationToken)
    {
        var rowKey = RowKeys.Hashed(receipt.WebhookId);
        if ((await _receipts.InsertAsync(Keys.Brand(brand), rowKey, receipt, cancellationToken)).IsOk)
        {
            return (ReceiptOutcome.New, receipt);
        }

        var existing = await _receipts.GetAsync(Keys.Brand(brand), rowKey, cancellationToken)
            ?? throw new InvalidOperationException("A webhook receipt vanished between insert and read.");
        return existing.Value.State == WebhookReceiptState.Enqueued
            ? (ReceiptOutcome.Duplicate, existing.Value)
            : (ReceiptOutcome.NotYetEnqueued, existing.Value);
    }

    public async Task MarkEnqueuedAsync(BrandId brand, string webhookId, CancellationToken cancellationToken) =>
        await _receipts.UpdateAsync(Keys.Brand(brand), RowKeys.Hashed(webhookId), r => r with { State = WebhookReceiptState.Enqueued }, MaxAttempts, cancellationToken);

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
