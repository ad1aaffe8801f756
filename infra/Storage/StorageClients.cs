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
        Credential = string.IsNullOrEmpty(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            Tables = new TableServiceClient(settings.ConnectionString);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
        }
        else
        {
            Tables = new TableServiceClient(settings.TableServiceUri!, Credential);
            Queues = new QueueServiceClient(settings.QueueServiceUri!, Credential, queueOptions);
        }
    }

    /// <summary>The app's identity in Azure (the user-assigned one when its client id is set), for every data-plane call.</summary>
    public TokenCredential Credential { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public string Prefix { get; }

    public TableClient Table(string name) => Tables.GetTableClient(Prefix + name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(Prefix + name);
}
