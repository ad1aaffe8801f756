using Microsoft.Azure.Functions.Worker;
using static PromoServerless.Functions.Automation.StageTriggerNames;

namespace PromoServerless.Functions.Automation;

/// <summary>The activity of <c>StageTriggerWindow</c>; it may run more than once and reaches the same state when it does.</summary>
public sealed class StageTriggerActivities(StageTriggerBatches batches)
{
    [Function(CloseStageTriggerWindow)]
    public Task<string?> RunCloseStageTriggerWindow([ActivityTrigger] StageWindowRef window, CancellationToken cancellationToken) =>
        batches.CloseAsync(window, cancellationToken);
}
