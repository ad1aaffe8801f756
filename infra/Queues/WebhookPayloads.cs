using Azure;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Queues;

/// <summary>
/// Webhook bodies too large for a queue message (64 KB, base64-encoded), kept as blobs under <c>{brand}/{webhook id}</c>
/// until their event is processed.
/// </summary>
public sealed class WebhookPayloads(StorageClients storage)
{
    public const string Container = "webhookpayloads";

    /// <summary>Bodies up to this size travel inside the message; base64 makes them a third larger.</summary>
    public const int MaxInlineBytes = 40 * 1024;

    private readonly Lazy<Task> _created = new(() => storage.BlobContainer(Container).CreateIfNotExistsAsync());

    public static string Name(BrandId brand, string webhookId) => $"{brand.Value}/{Tables.RowKeys.Hashed(webhookId)}.json";

    public async Task<string> SaveAsync(BrandId brand, string webhookId, BinaryData body, CancellationToken cancellationToken)
    {
        await _created.Value;
        var name = Name(brand, webhookId);
        await storage.BlobContainer(Container).GetBlobClient(name).UploadAsync(body, overwrite: true, cancellationToken);
        return name;
    }

    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.BlobContainer(Container).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await storage.BlobContainer(Container).GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
