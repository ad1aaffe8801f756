using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Functions.Codes;
using static PromoServerless.Functions.Automation.StageTriggerNames;

namespace PromoServerless.Functions.Automation;

/// <summary>
/// <c>StageTriggerWindow</c>: waits the window's time on a durable timer while members entering the stage gather,
/// closes the window (the activity takes every waiting member into one batch) and runs that batch's
/// <c>GenerateCodes</c> as a sub-orchestration. Members who enter after the close open the next window.
/// </summary>
public static class StageTriggerWindowOrchestration
{
    [Function(StageTriggerWindow)]
    public static Task<string?> RunStageTriggerWindow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<StageWindowRef>() ?? throw new InvalidOperationException("StageTriggerWindow needs its window."));

    public static async Task<string?> RunAsync(TaskOrchestrationContext context, StageWindowRef window)
    {
        await context.CreateTimer(context.CurrentUtcDateTime + window.Wait, CancellationToken.None);
        var batchId = await context.CloseStageTriggerWindowAsync(window);
        if (batchId is null)
        {
            return null;
        }

        await context.CallSubOrchestratorAsync<CodeBatchOutcome>(
            GenerateCodesNames.GenerateCodes, new CodeBatchRef(window.BrandId, batchId), new SubOrchestrationOptions(instanceId: batchId));
        return batchId;
    }
}
