using Microsoft.DurableTask;

namespace PromoServerless.Functions.Codes;

/// <summary>Orchestrator code that runs a batch's chunks through reservation and push, a bounded number at a time.</summary>
public static class CodeChunkPipeline
{
    /// <summary>
    /// Runs <paramref name="run"/> for each chunk, <paramref name="inFlight"/> at a time, so the activities a chunk
    /// needs next (the discount, its push) never queue behind every other chunk's reservation.
    /// </summary>
    public static async Task RunAsync(int first, int count, int inFlight, Func<int, Task> run)
    {
        var running = new List<Task>(inFlight);
        for (var chunk = first; chunk < first + count; chunk++)
        {
            if (running.Count == inFlight)
            {
                var finished = await Task.WhenAny(running);
                running.Remove(finished);
                await finished;
            }

            running.Add(run(chunk));
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// The chunks that run before the generation's discount is decided: the first chunk to reserve a code creates it,
    /// and every chunk awaits that one task before its push.
    /// </summary>
    public sealed class Discounted(TaskOrchestrationContext context, CodeBatchRef batch)
    {
        private Task<BatchDiscountResult>? _discount;

        public Task<BatchDiscountResult?> DiscountAsync() =>
            _discount is null ? Task.FromResult<BatchDiscountResult?>(null) : AwaitAsync(_discount);

        /// <summary>Runs the first slice, then more until a chunk has reserved a code; returns the first chunk not yet run.</summary>
        public async Task<int> RunUntilDecidedAsync(CodeBatchPlan plan, int inFlight)
        {
            // Chunk 0 is reserved alone and its discount and push are scheduled before any other chunk's reservation:
            // activities queue in order, so Shopify gets its first job without waiting behind a slice of reservations.
            var lead = Task.CompletedTask;
            if ((await Reserve(0)).Reserved > 0)
            {
                _discount = context.CreateBatchDiscountAsync(Chunk(0));
                lead = Push(0, (await _discount).DiscountId);
            }

            var first = 1;
            do
            {
                var end = Math.Min(first == 1 ? plan.ChunksPerSlice : first + plan.ChunksPerSlice, plan.Chunks);
                await RunAsync(first, end - first, inFlight, ReserveThenPushAsync);
                first = end;
            }
            while (first < plan.Chunks && _discount is null);

            await lead;
            return first;
        }

        private async Task ReserveThenPushAsync(int chunk)
        {
            if ((await Reserve(chunk)).Reserved > 0)
            {
                _discount ??= context.CreateBatchDiscountAsync(Chunk(chunk));
                await Push(chunk, (await _discount).DiscountId);
            }
        }

        private Task<ChunkReservation> Reserve(int chunk) => context.ReserveCodesAsync(Chunk(chunk));

        private Task<ChunkOutcome> Push(int chunk, string? discountId) =>
            ChunkPushMonitor.PushAsync(context, new PushCodesRequest(batch.BrandId, batch.BatchId, chunk, discountId));

        private CodeChunkRef Chunk(int chunk) => new(batch.BrandId, batch.BatchId, chunk);

        private static async Task<BatchDiscountResult?> AwaitAsync(Task<BatchDiscountResult> discount) => await discount;
    }
}
