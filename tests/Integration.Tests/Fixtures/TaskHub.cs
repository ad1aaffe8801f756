using DurableTask.AzureStorage;
using DurableTask.Core;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// A test's direct line to an app's Durable task hub in Azurite, as the Durable Task engine itself reads and writes
/// it: for starting an orchestration no HTTP operation starts, and for reading every instance's status.
/// </summary>
public sealed class TaskHub(string storageConnectionString, string hubName) : IDisposable
{
    private readonly AzureStorageOrchestrationService _service = new(new AzureStorageOrchestrationServiceSettings
    {
        TaskHubName = hubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
    });

    public static TaskHub Of(string storageConnectionString, IReadOnlyDictionary<string, string?> settings) =>
        new(storageConnectionString, settings[LocalHostSettings.HubName]!);

    public Task StartAsync(string orchestrator, string instanceId, object input) =>
        new TaskHubClient(_service).CreateOrchestrationInstanceAsync(orchestrator, string.Empty, instanceId, input);

    public async Task<OrchestrationStatus> WaitForCompletionAsync(string instanceId, TimeSpan timeout)
    {
        var state = await new TaskHubClient(_service).WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = instanceId }, timeout);
        return state?.OrchestrationStatus ?? OrchestrationStatus.Pending;
    }

    /// <summary>Every instance of the hub that has not completed, as "name id: status".</summary>
    public async Task<List<string>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        var states = await _service.GetOrchestrationStateAsync(cancellationToken);
        return states.Where(s => s.OrchestrationStatus != OrchestrationStatus.Completed).Select(s => $"{s.Name} {s.OrchestrationInstance.InstanceId}: {s.OrchestrationStatus}").ToList();
    }

    /// <summary>Every execution of the instance the hub keeps, as "name: status".</summary>
    public async Task<List<string>> ExecutionsAsync(string instanceId) =>
        (await _service.GetOrchestrationStateAsync(instanceId, allExecutions: true, fetchInput: false)).Select(s => $"{s.Name}: {s.OrchestrationStatus}").ToList();

    public void Dispose() => _service.Dispose();
}
