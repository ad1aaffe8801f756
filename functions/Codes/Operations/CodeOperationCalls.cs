using Microsoft.DurableTask;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>The code-operation activities as typed calls, each with its retry policy.</summary>
public static class CodeOperationCalls
{
    public static Task<StepCounts> RunCodeOperationChunkAsync(this TaskOrchestrationContext context, CodeOperationChunkRef chunk) =>
        context.CallActivityAsync<StepCounts>(CodeOperationNames.RunCodeOperationChunk, chunk, ActivityRetries.Resumable);

    /// <summary>The id of the send that tells members of the change, or null when the offer does not notify them.</summary>
    public static Task<string?> FinishCodeOperationAsync(this TaskOrchestrationContext context, CodeOperationEnd end) =>
        context.CallActivityAsync<string?>(CodeOperationNames.FinishCodeOperation, end, ActivityRetries.Transient);
}
