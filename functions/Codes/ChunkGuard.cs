using PromoServerless.Domain.Codes;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Stops a chunk handler that has fallen behind. Two deliveries of one chunk can run at once (a lease that
/// lapsed under load, a re-driven or re-dispatched message); the one that loses the race to reserve takes the
/// slow path and may finish after the other has already pushed and recorded the chunk. Item writes are plain
/// upserts, so before a handler writes its results it checks that the chunk is still at the stage it loaded:
/// if another delivery has moved it on, that delivery's results stand and this one stops without writing.
/// </summary>
public sealed class ChunkGuard(CodeBatchStore batches)
{
    /// <summary>Runs a chunk handler's work; a handler stopped by the guard has done its part and acknowledges.</summary>
    public static async Task RunAsync(Func<Task> work, ILogger logger)
    {
        try
        {
            await work();
        }
        catch (ChunkMovedOnException moved)
        {
            logger.LogInformation("{Reason}", moved.Message);
        }
    }

    public async Task EnsureStillAtAsync(CodeBatch batch, int chunk, ChunkStage stage, CancellationToken cancellationToken)
    {
        var current = await batches.GetAsync(batch.BrandId, batch.Id, cancellationToken);
        if (current is null || current.Value.Chunks[chunk].Stage != stage)
        {
            throw new ChunkMovedOnException(batch.Id, chunk, stage);
        }
    }
}

/// <summary>Another delivery of the same chunk got further; the handler that sees this has nothing left to do.</summary>
public sealed class ChunkMovedOnException(Domain.Common.CodeBatchId batch, int chunk, ChunkStage stage)
    : Exception($"Chunk {chunk} of batch {batch.Value} is no longer {stage}: another delivery handled it.");
