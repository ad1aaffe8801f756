using Microsoft.DurableTask;
using PromoServerless.Functions.Hosting;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Functions.Codes;

/// <summary>The code-generation activities as typed calls, each with its retry policy.</summary>
public static class CodeGenerationCalls
{
    public static Task<CodeBatchPlan> PlanCodeBatchAsync(this TaskOrchestrationContext context, CodeBatchRef batch) =>
        context.CallActivityAsync<CodeBatchPlan>(PlanCodeBatch, batch, ActivityRetries.Transient);

    public static Task<ChunkReservation> ReserveCodesAsync(this TaskOrchestrationContext context, CodeChunkRef chunk) =>
        context.CallActivityAsync<ChunkReservation>(ReserveCodes, chunk, ActivityRetries.Transient);

    public static Task<BatchDiscountResult> CreateBatchDiscountAsync(this TaskOrchestrationContext context, CodeChunkRef chunk) =>
        context.CallActivityAsync<BatchDiscountResult>(CreateBatchDiscount, chunk, ActivityRetries.Transient);

    public static Task<CodePushStep> StartCodePushAsync(this TaskOrchestrationContext context, CodePushRound round) =>
        context.CallActivityAsync<CodePushStep>(StartCodePush, round, ActivityRetries.Transient);

    public static Task<bool> CheckCodePushAsync(this TaskOrchestrationContext context, CodePushJobRef job) =>
        context.CallActivityAsync<bool>(CheckCodePush, job, ActivityRetries.Transient);

    public static Task<CodePushStep> SettleCodePushAsync(this TaskOrchestrationContext context, CodePushRound round) =>
        context.CallActivityAsync<CodePushStep>(SettleCodePush, round, ActivityRetries.Transient);

    public static Task<CodeBatchOutcome> CompleteCodeBatchAsync(this TaskOrchestrationContext context, CompleteCodeBatchRequest request) =>
        context.CallActivityAsync<CodeBatchOutcome>(CompleteCodeBatch, request, ActivityRetries.Transient);
}
