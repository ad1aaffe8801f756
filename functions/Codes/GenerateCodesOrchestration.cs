using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Functions.Emails;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// <c>GenerateCodes</c> (instance id = batch id): plans the batch, reserves every chunk's codes in parallel,
/// creates the generation's Shopify discount once (from the first chunk that reserved a code) and pushes each
/// chunk as soon as it is reserved and the discount exists; then completes the batch and, if asked, runs
/// <c>SendEmails</c>. Until the discount is decided, chunks are reserved here a slice at a time; once it is,
/// the chunks not yet started run as <c>GenerateCodeSlice</c> sub-orchestrations of <see cref="ChunksPerSlice"/>
/// chunks, so no history grows past a few hundred activities however large the batch.
/// </summary>
public static class GenerateCodesOrchestration
{
    public const int ChunksPerSlice = 100;

    /// <summary>Transient failures (storage, Shopify answering 5xx for a while) are retried for about four minutes.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    [Function(GenerateCodes)]
    public static Task<CodeBatchOutcome> RunGenerateCodes([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<CodeBatchRef>() ?? throw new InvalidOperationException("GenerateCodes needs its batch."));

    [Function(GenerateCodeSlice)]
    public static Task RunGenerateCodeSlice([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunSliceAsync(context, context.GetInput<CodeSlice>() ?? throw new InvalidOperationException("GenerateCodeSlice needs its slice."));

    public static async Task<CodeBatchOutcome> RunAsync(TaskOrchestrationContext context, CodeBatchRef batch)
    {
        string? failure = null;
        try
        {
            var plan = await context.CallActivityAsync<CodeBatchPlan>(PlanCodeBatch, batch, Retry);
            if (plan.Planned > 0)
            {
                await GenerateAsync(context, batch, plan.Chunks);
            }
        }
        catch (TaskFailedException failed)
        {
            failure = $"Generation stopped: {failed.TaskName} kept failing. Members without an outcome keep their reserved codes; see the function logs.";
        }

        var outcome = await context.CallActivityAsync<CodeBatchOutcome>(CompleteCodeBatch, new CompleteCodeBatchRequest(batch.BrandId, batch.BatchId, failure), Retry);
        if (outcome.SendEmails && outcome.Created > 0)
        {
            var sendId = await context.CallActivityAsync<string?>(EmailOrchestrationNames.CreateBatchEmailSend, new BatchEmailRequest(batch.BrandId, batch.BatchId), Retry);
            if (sendId is not null)
            {
                await context.CallSubOrchestratorAsync(EmailOrchestrationNames.SendEmails, new EmailSendRef(batch.BrandId, sendId), new SubOrchestrationOptions(instanceId: sendId));
            }
        }

        return outcome;
    }

    public static Task RunSliceAsync(TaskOrchestrationContext context, CodeSlice slice) =>
        Task.WhenAll(Enumerable.Range(slice.FirstChunk, slice.Count)
            .Select(chunk => PushWhenReservedAsync(context, slice.BrandId, slice.BatchId, Reserve(context, slice.BrandId, slice.BatchId, chunk), slice.DiscountId)));

    private static async Task GenerateAsync(TaskOrchestrationContext context, CodeBatchRef batch, int chunks)
    {
        var reserving = new List<Task<ChunkReservation>>();
        var waiting = new List<int>();
        Task<BatchDiscountResult>? creating = null;
        var next = 0;
        var decided = false;
        while (!decided && (next < chunks || reserving.Count > 0 || creating is not null))
        {
            if (reserving.Count == 0 && creating is null)
            {
                var count = Math.Min(ChunksPerSlice, chunks - next);
                reserving.AddRange(Enumerable.Range(next, count).Select(chunk => Reserve(context, batch.BrandId, batch.BatchId, chunk)));
                next += count;
            }

            var finished = await Task.WhenAny(creating is null ? reserving : reserving.Append<Task>(creating));
            if (finished == creating)
            {
                decided = true;
                continue;
            }

            var reserved = (Task<ChunkReservation>)finished;
            reserving.Remove(reserved);
            var reservation = await reserved;
            if (reservation.Reserved > 0)
            {
                waiting.Add(reservation.Chunk);
                creating ??= context.CallActivityAsync<BatchDiscountResult>(CreateBatchDiscount, new CodeChunkRef(batch.BrandId, batch.BatchId, reservation.Chunk), Retry);
            }
        }

        if (creating is null)
        {
            return; // no chunk reserved a code: nothing to push
        }

        var discount = (await creating).DiscountId;
        var work = waiting.Select(chunk => Push(context, batch.BrandId, batch.BatchId, chunk, discount))
            .Concat(reserving.Select(r => PushWhenReservedAsync(context, batch.BrandId, batch.BatchId, r, discount)))
            .ToList();
        for (var first = next; first < chunks; first += ChunksPerSlice)
        {
            var slice = new CodeSlice(batch.BrandId, batch.BatchId, first, Math.Min(ChunksPerSlice, chunks - first), discount);
            work.Add(context.CallSubOrchestratorAsync(GenerateCodeSlice, slice, new SubOrchestrationOptions(instanceId: $"{batch.BatchId}-chunks-{first}")));
        }

        await Task.WhenAll(work);
    }

    private static Task<ChunkReservation> Reserve(TaskOrchestrationContext context, string brand, string batch, int chunk) =>
        context.CallActivityAsync<ChunkReservation>(ReserveCodes, new CodeChunkRef(brand, batch, chunk), Retry);

    private static Task<ChunkOutcome> Push(TaskOrchestrationContext context, string brand, string batch, int chunk, string? discount) =>
        context.CallActivityAsync<ChunkOutcome>(PushCodes, new PushCodesRequest(brand, batch, chunk, discount), Retry);

    private static async Task PushWhenReservedAsync(TaskOrchestrationContext context, string brand, string batch, Task<ChunkReservation> reserving, string? discount)
    {
        var reservation = await reserving;
        if (reservation.Reserved > 0)
        {
            await Push(context, brand, batch, reservation.Chunk, discount);
        }
    }
}
