using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Emails;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// <c>GenerateCodes</c> (instance id = batch id): plans the batch; reserves each chunk's codes and pushes each chunk to
/// the generation's one Shopify discount (created from the first chunk that reserved a code) as soon as it is
/// reserved; completes the batch; and, if asked, runs <c>SendEmails</c>. Chunks run <see cref="ChunksInFlight"/> at a
/// time, first in this history until the discount is decided (normally the first slice), then as
/// <c>GenerateCodeSlice</c> sub-orchestrations of the plan's slice size one after another, so no history grows
/// without bound however large the batch.
/// </summary>
public static class GenerateCodesOrchestration
{
    /// <summary>
    /// Chunks reserved or pushed at once by one orchestration. Shopify runs a shop's bulk jobs one after another, so a
    /// few queued jobs keep it busy; a chunk waiting for its job holds no activity slot (<see cref="ChunkPushMonitor"/>).
    /// </summary>
    public const int ChunksInFlight = 8;

    [Function(GenerateCodes)]
    public static Task<CodeBatchOutcome> RunGenerateCodes([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<CodeBatchRef>() ?? throw new InvalidOperationException("GenerateCodes needs its batch."));

    [Function(GenerateCodeSlice)]
    public static Task RunGenerateCodeSlice([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunSliceAsync(context, context.GetInput<CodeSlice>() ?? throw new InvalidOperationException("GenerateCodeSlice needs its slice."));

    public static async Task<CodeBatchOutcome> RunAsync(TaskOrchestrationContext context, CodeBatchRef batch)
    {
        if (batch.ScheduledFor is { } scheduledFor && (!await ScheduleGate.WaitAsync(context, scheduledFor) || !await context.BeginScheduledCodeBatchAsync(batch)))
        {
            return new CodeBatchOutcome(CodeBatchStatus.Cancelled, 0, 0, false);
        }

        string? failure = null;
        try
        {
            var plan = await context.PlanCodeBatchAsync(batch);
            if (plan.Planned > 0)
            {
                await ReserveAndPushAsync(context, batch, plan);
            }
        }
        catch (TaskFailedException failed)
        {
            failure = $"Generation stopped: {failed.TaskName} kept failing. Members without an outcome keep their reserved codes; see the function logs.";
        }

        var outcome = await context.CompleteCodeBatchAsync(new CompleteCodeBatchRequest(batch.BrandId, batch.BatchId, failure));
        if (outcome.SendEmails && outcome.Created > 0 && await context.CreateBatchEmailSendAsync(new BatchEmailRequest(batch.BrandId, batch.BatchId)) is { } sendId)
        {
            await context.CallSubOrchestratorAsync(EmailOrchestrationNames.SendEmails, new EmailSendRef(batch.BrandId, sendId), new SubOrchestrationOptions(instanceId: sendId));
        }

        return outcome;
    }

    public static Task RunSliceAsync(TaskOrchestrationContext context, CodeSlice slice) =>
        CodeChunkPipeline.RunAsync(slice.FirstChunk, slice.Count, ChunksInFlight, async chunk =>
        {
            if ((await context.ReserveCodesAsync(new CodeChunkRef(slice.BrandId, slice.BatchId, chunk))).Reserved > 0)
            {
                await ChunkPushMonitor.PushAsync(context, new PushCodesRequest(slice.BrandId, slice.BatchId, chunk, slice.DiscountId));
            }
        });

    private static async Task ReserveAndPushAsync(TaskOrchestrationContext context, CodeBatchRef batch, CodeBatchPlan plan)
    {
        var discounted = new CodeChunkPipeline.Discounted(context, batch);
        var first = await discounted.RunUntilDecidedAsync(plan, ChunksInFlight);
        if (await discounted.DiscountAsync() is not { } discount)
        {
            return; // no chunk reserved a code: nothing to push
        }

        for (; first < plan.Chunks; first += plan.ChunksPerSlice)
        {
            var slice = new CodeSlice(batch.BrandId, batch.BatchId, first, Math.Min(plan.ChunksPerSlice, plan.Chunks - first), discount.DiscountId);
            await context.CallSubOrchestratorAsync(GenerateCodeSlice, slice, new SubOrchestrationOptions(instanceId: $"{batch.BatchId}-chunks-{first}"));
        }
    }
}
