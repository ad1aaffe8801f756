using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Fans a stored generation out: one code-prepare message per chunk still pending. Safe to repeat: the
/// handlers ignore chunks that moved on, so a dispatch interrupted by a crash is simply done again.
/// </summary>
public sealed class CodeBatchDispatcher(CodeBatchStore batches, MessageQueue queue, CrashPoints crashes)
{
    public async Task DispatchAsync(CodeBatch batch, CancellationToken cancellationToken)
    {
        var pending = Enumerable.Range(0, batch.Chunks.Count)
            .Where(i => batch.Chunks[i].Stage == ChunkStage.Pending)
            .Select(i => new CodeChunkMessage(batch.BrandId.Value, batch.Id.Value, i));
        await queue.EnqueueManyAsync(QueueNames.CodePrepare, pending, cancellationToken);
        crashes.Hit("dispatch:after-enqueue");
        await batches.UpdateAsync(batch.BrandId, batch.Id, b => b.Dispatched ? b : b with { Dispatched = true }, cancellationToken);
    }
}
