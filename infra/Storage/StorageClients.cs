using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace PromoServerless.Infra.Storage;

/// <summary>The service clients everything else derives table, queue and blob container clients from.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        Prefix = settings.NamePrefix;
        _shopifyEvents = settings.ShopifyEventsQueue;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Credential = string.IsNullOrEmpty(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            Tables = new TableServiceClient(settings.ConnectionString);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(settings.ConnectionString);
        }
        else
        {
            Tables = new TableServiceClient(settings.TableServiceUri!, Credential);
            Queues = new QueueServiceClient(settings.QueueServiceUri!, Credential, queueOptions);
            Blobs = new BlobServiceClient(settings.BlobServiceUri!, Credential);
        }
    }

    /// <summary>The app's identity in Azure (the user-assigned one when its client id is set), for every data-plane call.</summary>
    public TokenCredential Credential { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public string Prefix { get; }

    private readonly string _shopifyEvents;

    public TableClient Table(string name) => Tables.GetTableClient(Prefix + name);

    /// <summary>The queue of Shopify webhook deliveries (its name is the app setting the trigger reads).</summary>
    public QueueClient ShopifyEvents => Queues.GetQueueClient(_shopifyEvents);

    public BlobContainerClient BlobContainer(string name) => Blobs.GetBlobContainerClient(Prefix + name);
}
