using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Automation;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Automation;

/// <summary>What a cancel request does once the cancellation is recorded on the work's row.</summary>
public static class ScheduledWork
{
    /// <summary>
    /// Raises the cancel event on the waiting orchestration so it ends now. The row already says cancelled, so an
    /// instance that is gone or not yet started ends at its time instead, when it finds the row cancelled.
    /// </summary>
    public static async Task WakeAsync(DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
        {
            await durable.RaiseEventAsync(instanceId, ScheduledStart.CancelEvent, "cancelled", cancellationToken);
        }
    }
}
