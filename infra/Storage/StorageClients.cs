using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace PromoServerless.Infra.Storage;

/// <summary>The two service clients everything else derives table and queue clients from.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        Prefix = settings.NamePrefix;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            Tables = new TableServiceClient(settings.ConnectionString);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
        }
        else
        {
            TokenCredential credential = string.IsNullOrEmpty(settings.ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
            Tables = new TableServiceClient(settings.TableServiceUri!, credential);
            Queues = new QueueServiceClient(settings.QueueServiceUri!, credential, queueOptions);
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public string Prefix { get; }

    public TableClient Table(string name) => Tables.GetTableClient(Prefix + name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(Prefix + name);
}
