using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Domain.Codes.Operations;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// <c>RunCodeOperation</c> (instance id = the operation id): runs the operation's chunks of up to 250 members,
/// a few at a time (fan-out, fan-in), each retried on failure; then marks the operation completed and, when the offer notifies its members of this change, runs the one <c>SendEmails</c> that tells them. A chunk that
/// still fails marks it failed, with the settled members kept: the same request again resumes it. A date change
/// runs its chunks one after another, because chunks sharing a discount may move its codes to one new discount.
/// </summary>
public static class RunCodeOperationOrchestration
{
    public const int ChunksAtOnce = 4;

    [Function(CodeOperationNames.RunCodeOperation)]
    public static async Task RunCodeOperation([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var operation = context.GetInput<CodeOperationRef>() ?? throw new InvalidOperationException("RunCodeOperation needs a CodeOperationRef.");
        var atOnce = operation.Action == CodeOperationAction.ChangeDates ? 1 : ChunksAtOnce;
        string? failure = null;
        try
        {
            for (var first = 0; first < operation.Chunks; first += atOnce)
            {
                var wave = Enumerable.Range(first, Math.Min(atOnce, operation.Chunks - first))
                    .Select(chunk => context.RunCodeOperationChunkAsync(new CodeOperationChunkRef(operation.BrandId, operation.OperationId, chunk)));
                await Task.WhenAll(wave);
            }
        }
        catch (TaskFailedException failed)
        {
            failure = failed.FailureDetails.ErrorMessage;
        }

        var sendId = await context.FinishCodeOperationAsync(new CodeOperationEnd(operation.BrandId, operation.OperationId, failure));
        if (sendId is not null)
        {
            await context.CallSubOrchestratorAsync(Emails.EmailOrchestrationNames.SendEmails, new Emails.EmailSendRef(operation.BrandId, sendId), new SubOrchestrationOptions(instanceId: sendId));
        }
    }
}
