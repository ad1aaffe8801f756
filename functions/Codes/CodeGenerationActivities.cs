using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Common;
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
    TimeProvider time)
{
    [Function(PlanCodeBatch)]
    public async Task<CodeBatchPlan> RunPlanCodeBatch([ActivityTrigger] CodeBatchRef batch, CancellationToken cancellationToken)
    {
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} plan start");
        var r = await planning.PlanBatchAsync(new BrandId(batch.BrandId), new CodeBatchId(batch.BatchId), cancellationToken);
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} plan done");
        return r;
    }

    [Function(ReserveCodes)]
    public async Task<ChunkReservation> RunReserveCodes([ActivityTrigger] CodeChunkRef chunk, CancellationToken cancellationToken)
    {
        var w = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} reserve {chunk.Chunk} start");
        var r = await reserver.ReserveAsync(chunk, cancellationToken);
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} reserve {chunk.Chunk} took {w.ElapsedMilliseconds} ms");
        return r;
    }

    [Function(CreateBatchDiscount)]
    public async Task<BatchDiscountResult> RunCreateBatchDiscount([ActivityTrigger] CodeChunkRef chunk, CancellationToken cancellationToken)
    {
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} discount start");
        var r = await discounts.EnsureAsync(chunk, cancellationToken);
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} discount done");
        return r;
    }

    [Function(PushCodes)]
    public async Task<ChunkOutcome> RunPushCodes([ActivityTrigger] PushCodesRequest request, CancellationToken cancellationToken)
    {
        var w = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} push {request.Chunk} start");
        var r = await pusher.PushAsync(request, cancellationToken);
        Console.WriteLine($"TIMING {DateTime.UtcNow:HH:mm:ss.fff} push {request.Chunk} took {w.ElapsedMilliseconds} ms");
        return r;
    }

    [Function(CompleteCodeBatch)]
    public async Task<CodeBatchOutcome> RunCompleteCodeBatch([ActivityTrigger] CompleteCodeBatchRequest request, CancellationToken cancellationToken)
    {
        var batch = await batches.UpdateAsync(new BrandId(request.BrandId), new CodeBatchId(request.BatchId), b => b.Complete(time.GetUtcNow(), request.FailureReason), cancellationToken)
            ?? throw new InvalidOperationException($"Batch {request.BatchId} is missing.");
        return new CodeBatchOutcome(batch.Status, batch.Created, batch.Failed, batch.SendEmails);
    }
}
