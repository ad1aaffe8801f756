using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Emails;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// <c>GenerateCodes</c> (instance id = batch id): plans the batch, reserves each chunk's codes, creates the
/// generation's Shopify discount once (from the first chunk that reserved a code) and pushes each chunk as soon
/// as it is reserved and the discount exists; then completes the batch and, if asked, runs
/// <c>SendEmails</c>. Chunks run <see cref="ChunksInFlight"/> at a time, here until the discount is decided (the
/// first slice, normally), then as <c>GenerateCodeSlice</c> sub-orchestrations of the plan's slice size one after
/// another, so no history grows past a few hundred activities however large the batch.
/// </summary>
public static class GenerateCodesOrchestration
{
    /// <summary>
    /// Chunks reserved or pushed at once by one orchestration. Shopify runs a shop's bulk jobs one after another, so a
    /// few queued jobs keep it busy; more pushes only hold activity slots waiting and starve the reservations that
    /// feed it (10,000 members took 13.3 s at 16, 11.4 s at 8, against 10.1 s for the Shopify client alone).
    /// </summary>
    public const int ChunksInFlight = 8;

    /// <summary>
    /// Transient failures (storage, Shopify answering 5xx for a while) are retried for about two minutes, soon at
    /// first: a chunk waiting on a retry holds up its slice of the pipeline.
    /// </summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(20)));

    [Function(GenerateCodes)]
    public static Task<CodeBatchOutcome> RunGenerateCodes([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(context, context.GetInput<CodeBatchRef>() ?? throw new InvalidOperationException("GenerateCodes needs its batch."));

    [Function(GenerateCodeSlice)]
    public static Task RunGenerateCodeSlice([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunSliceAsync(context, context.GetInput<CodeSlice>() ?? throw new InvalidOperationException("GenerateCodeSlice needs its slice."));

    public static async Task<CodeBatchOutcome> RunAsync(TaskOrchestrationContext context, CodeBatchRef batch)
    {
        if (batch.ScheduledFor is { } scheduledFor
            && (!await ScheduleGate.WaitAsync(context, scheduledFor)
                || !await context.CallActivityAsync<bool>(ScheduledStartNames.BeginScheduledCodeBatch, batch, Retry)))
        {
            return new CodeBatchOutcome(CodeBatchStatus.Cancelled, 0, 0, false);
        }

        string? failure = null;
        try
        {
            var plan = await context.CallActivityAsync<CodeBatchPlan>(PlanCodeBatch, batch, Retry);
            if (plan.Planned > 0)
            {
                await GenerateAsync(context, batch, plan);
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
        RunChunksAsync(slice.FirstChunk, slice.Count, async chunk =>
        {
            var reservation = await Reserve(context, slice.BrandId, slice.BatchId, chunk);
            if (reservation.Reserved > 0)
            {
                await Push(context, slice.BrandId, slice.BatchId, chunk, slice.DiscountId);
            }
        });

    private static async Task GenerateAsync(TaskOrchestrationContext context, CodeBatchRef batch, CodeBatchPlan plan)
    {
        // The first chunk to reserve a code creates the discount; every chunk awaits that one task before its push.
        Task<BatchDiscountResult>? discount = null;
        async Task PushOnceDiscountedAsync(int chunk)
        {
            discount ??= context.CallActivityAsync<BatchDiscountResult>(CreateBatchDiscount, new CodeChunkRef(batch.BrandId, batch.BatchId, chunk), Retry);
            await Push(context, batch.BrandId, batch.BatchId, chunk, (await discount).DiscountId);
        }

        async Task ReserveThenPushAsync(int chunk)
        {
            if ((await Reserve(context, batch.BrandId, batch.BatchId, chunk)).Reserved > 0)
            {
                await PushOnceDiscountedAsync(chunk);
            }
        }

        // Chunk 0 is reserved alone and its discount and push are scheduled before any other chunk's reservation:
        // activities queue in order, so Shopify gets its first job without waiting behind a slice of reservations.
        var lead = Task.CompletedTask;
        if ((await Reserve(context, batch.BrandId, batch.BatchId, 0)).Reserved > 0)
        {
            discount = context.CallActivityAsync<BatchDiscountResult>(CreateBatchDiscount, new CodeChunkRef(batch.BrandId, batch.BatchId, 0), Retry);
            lead = Push(context, batch.BrandId, batch.BatchId, 0, (await discount).DiscountId);
        }
        var first = 1;
        do
        {
            var end = Math.Min(first == 1 ? plan.ChunksPerSlice : first + plan.ChunksPerSlice, plan.Chunks);
            await RunChunksAsync(first, end - first, ReserveThenPushAsync);
            first = end;
        }
        while (first < plan.Chunks && discount is null);

        await lead;
        if (discount is null)
        {
            return; // no chunk reserved a code: nothing to push
        }

        var discountId = (await discount).DiscountId;
        for (; first < plan.Chunks; first += plan.ChunksPerSlice)
        {
            var slice = new CodeSlice(batch.BrandId, batch.BatchId, first, Math.Min(plan.ChunksPerSlice, plan.Chunks - first), discountId);
            await context.CallSubOrchestratorAsync(GenerateCodeSlice, slice, new SubOrchestrationOptions(instanceId: $"{batch.BatchId}-chunks-{first}"));
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> for each chunk, <see cref="ChunksInFlight"/> at a time, so the activities a chunk
    /// needs next (the discount, its push) never queue behind every other chunk's reservation.
    /// </summary>
    private static async Task RunChunksAsync(int first, int count, Func<int, Task> run)
    {
        var running = new List<Task>(ChunksInFlight);
        for (var chunk = first; chunk < first + count; chunk++)
        {
            if (running.Count == ChunksInFlight)
            {
                var finished = await Task.WhenAny(running);
                running.Remove(finished);
                await finished;
            }

            running.Add(run(chunk));
        }

        await Task.WhenAll(running);
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
