using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Infra.Storage;

/// <summary>Creates every table, queue (and poison queue) and blob container once at start-up, so request paths never do.</summary>
public sealed class StorageInitializer(StorageClients storage, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tables = TableNames.All.Select(name => storage.Table(name).CreateIfNotExistsAsync(cancellationToken));
        var queues = new[] { storage.ShopifyEvents, storage.Queues.GetQueueClient(QueueNames.Poison(storage.ShopifyEvents.Name)) }
            .Select(queue => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var containers = new[] { CodeBatchFiles.Container }.Select(name => storage.BlobContainer(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        try
        {
            await Task.WhenAll(tables.Cast<Task>().Concat(queues).Concat(containers));
        }
        catch (RequestFailedException ex)
        {
            logger.LogCritical(ex, "Storage is not reachable or not writable (status {Status}).", ex.Status);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
