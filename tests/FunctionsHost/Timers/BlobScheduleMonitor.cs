using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Executors;
using Newtonsoft.Json;

namespace PromoServerless.FunctionsHost.Timers;

/// <summary>
/// Keeps each timer's schedule status (last run, next run) in the host's storage account, under
/// <c>azure-webjobs-hosts/timers/{host id}/{timer}/status</c> as the Functions host does, so a restarted host knows a
/// run is past due. The timer extension served here still reads that blob through the retired storage SDK; this
/// monitor does the same with the current one.
/// </summary>
internal sealed class BlobScheduleMonitor(IConfiguration configuration, IHostIdProvider hostIds) : ScheduleMonitor
{
    private readonly Lazy<BlobContainerClient> _container = new(() =>
    {
        var container = new BlobServiceClient(configuration["AzureWebJobsStorage"]).GetBlobContainerClient("azure-webjobs-hosts");
        container.CreateIfNotExists();
        return container;
    });

    public override async Task<ScheduleStatus> GetStatusAsync(string timerName)
    {
        try
        {
            var content = await (await BlobAsync(timerName)).DownloadContentAsync();
            return JsonConvert.DeserializeObject<ScheduleStatus>(content.Value.Content.ToString())!;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null!; // the extension treats a missing status as a timer that has never run
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status) =>
        await (await BlobAsync(timerName)).UploadAsync(BinaryData.FromString(JsonConvert.SerializeObject(status)), overwrite: true);

    private async Task<BlobClient> BlobAsync(string timerName)
    {
        var hostId = await hostIds.GetHostIdAsync(CancellationToken.None);
        return _container.Value.GetBlobClient($"timers/{hostId}/{timerName}/status");
    }
}
