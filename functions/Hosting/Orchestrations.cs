using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PromoServerless.Functions.Hosting;

/// <summary>Starting orchestrations through the Durable client a function was given (<c>[DurableClient]</c>).</summary>
public static class Orchestrations
{
    /// <summary>
    /// The one way to start an instance: schedules <paramref name="instanceId"/> unless it exists. A start of an id
    /// whose instance is pending or running is refused by the Durable extension (its default
    /// <c>OverridableExistingInstanceStates</c> is <c>NonRunningStates</c>), so of several requests starting the same id
    /// at once (retries, concurrent duplicates, timers on several instances) exactly one schedules it.
    /// </summary>
    /// <returns>Whether this call scheduled the instance.</returns>
    public static async Task<bool> StartOnceAsync(this DurableTaskClient client, TaskName orchestrator, string instanceId, object? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId, startAt), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }
}
