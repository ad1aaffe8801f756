using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Queue <c>code-push</c>: adds one chunk's reserved codes to the generation's Shopify discount (creating
/// the discount first if no chunk has yet), and records each member's code as created or failed. The
/// last chunk to finish completes the batch.
/// </summary>
public sealed class PushCodesFunction(
    CodeChunkLoader loader,
    BrandShops shops,
    BatchDiscounts discounts,
    ShopifyCodePusher pusher,
    CodeChunkRecorder recorder,
    IEnumerable<ICodeBatchEmailStarter> emails,
    MessageQueue queue,
    TimeProvider time,
    ILogger<PushCodesFunction> logger) : IQueueFunction
{
    // Creating the discount takes a few hundred milliseconds; waiting longer only leaves Shopify idle.
    private static readonly TimeSpan WaitForDiscount = TimeSpan.FromMilliseconds(250);

    public Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken) =>
        ChunkGuard.RunAsync(() => PushAsync(MessageQueue.Deserialize<CodeChunkMessage>(message.Text), cancellationToken), logger);

    private async Task PushAsync(CodeChunkMessage chunk, CancellationToken cancellationToken)
    {
        var batch = await loader.LoadBatchAsync(chunk, cancellationToken);
        if (batch is not null && AnotherChunkIsCreatingTheDiscount(batch, chunk.Chunk))
        {
            // Decided on the batch row alone: loading the chunk's items only to wait would cost a query per try.
            await queue.EnqueueAsync(QueueNames.CodePush, chunk, cancellationToken, WaitForDiscount);
            return;
        }

        var context = batch is null ? null : await loader.LoadAsync(chunk, batch, cancellationToken);
        if (context is null || context.Summary.Stage != ChunkStage.Reserved)
        {
            if (context?.Batch is { IsTerminal: true, SendEmails: true } finished)
            {
                foreach (var starter in emails)
                {
                    await starter.StartAsync(finished, cancellationToken); // the completing try may have died before this
                }
            }

            return;
        }

        var items = context.Items.ToList();
        if (context.Batch.FailureReason is { } batchFailure)
        {
            await recorder.RecordAsync(context, items.Select(i => i.State == BatchItemState.Reserved ? i.Fail(batchFailure) : i).ToArray(), null, cancellationToken);
            return;
        }

        var (_, shop) = await shops.GetAsync(context.Batch.BrandId, cancellationToken)
            ?? throw new InvalidOperationException($"Brand {context.Batch.BrandId} is missing.");
        var discount = await discounts.EnsureAsync(context, shop, items, cancellationToken);
        switch (discount)
        {
            case BatchDiscount.Wait:
                // Another chunk is creating the discount: come back shortly rather than fail (and burn a retry).
                await queue.EnqueueAsync(QueueNames.CodePush, chunk, cancellationToken, WaitForDiscount);
                return;
            case BatchDiscount.Failed failed:
                await recorder.RecordAsync(context, items.Select(i => i.State == BatchItemState.Reserved ? i.Fail(failed.Reason) : i).ToArray(), null, cancellationToken);
                return;
            case BatchDiscount.Ready ready:
                var pushed = await pusher.PushAsync(context, shop, ready.DiscountId, ready.Items, cancellationToken);
                await recorder.RecordAsync(context, pushed, ready.DiscountId, cancellationToken);
                return;
        }
    }

    private bool AnotherChunkIsCreatingTheDiscount(CodeBatch batch, int chunk) =>
        batch is { ShopifyDiscountId: null, DiscountClaim: not null, FailureReason: null }
        && batch.Chunks[chunk].Stage == ChunkStage.Reserved
        && !batch.CanClaimDiscount(chunk, time.GetUtcNow(), BatchDiscounts.ClaimTimeout);
}
