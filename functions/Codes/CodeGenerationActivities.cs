using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;
using static PromoServerless.Functions.Codes.GenerateCodesNames;

namespace PromoServerless.Functions.Codes;

/// <summary>The activities of <c>GenerateCodes</c>. Each may run more than once and reaches the same state when it does.</summary>
public sealed class CodeGenerationActivities(
    CodeBatchPlanning planning,
    ChunkReserver reserver,
    BatchDiscounts discounts,
    ChunkPusher pusher,
    CodeBatchStore batches,
    EventPublisher events,
    TimeProvider time)
{
    [Function(PlanCodeBatch)]
    public Task<CodeBatchPlan> RunPlanCodeBatch([ActivityTrigger] CodeBatchRef batch, CancellationToken cancellationToken) =>
        planning.PlanBatchAsync(new BrandId(batch.BrandId), new CodeBatchId(batch.BatchId), cancellationToken);

    [Function(ReserveCodes)]
    public Task<ChunkReservation> RunReserveCodes([ActivityTrigger] CodeChunkRef chunk, CancellationToken cancellationToken) =>
        reserver.ReserveAsync(chunk, cancellationToken);

    [Function(CreateBatchDiscount)]
    public Task<BatchDiscountResult> RunCreateBatchDiscount([ActivityTrigger] CodeChunkRef chunk, CancellationToken cancellationToken) =>
        discounts.EnsureAsync(chunk, cancellationToken);

    [Function(StartCodePush)]
    public Task<CodePushStep> RunStartCodePush([ActivityTrigger] CodePushRound round, CancellationToken cancellationToken) =>
        pusher.StartAsync(round, cancellationToken);

    [Function(CheckCodePush)]
    public Task<bool> RunCheckCodePush([ActivityTrigger] CodePushJobRef job, CancellationToken cancellationToken) =>
        pusher.IsDoneAsync(job, cancellationToken);

    [Function(SettleCodePush)]
    public Task<CodePushStep> RunSettleCodePush([ActivityTrigger] CodePushRound round, CancellationToken cancellationToken) =>
        pusher.SettleAsync(round, cancellationToken);

    [Function(CompleteCodeBatch)]
    public async Task<CodeBatchOutcome> RunCompleteCodeBatch([ActivityTrigger] CompleteCodeBatchRequest request, CancellationToken cancellationToken)
    {
        var batch = await batches.UpdateAsync(new BrandId(request.BrandId), new CodeBatchId(request.BatchId), b => b.Complete(time.GetUtcNow(), request.FailureReason), cancellationToken)
            ?? throw new InvalidOperationException($"Batch {request.BatchId} is missing.");
        await events.PublishAsync(batch.BrandId, EventType.CodeBatchCompleted, batch.Id.Value, EventData.BatchCompleted(batch), cancellationToken);
        return new CodeBatchOutcome(batch.Status, batch.Created, batch.Failed, batch.SendEmails);
    }
}
