using Microsoft.Azure.Functions.Worker;
using PromoServerless.Infra.Queues;

namespace PromoServerless.Functions.Sales;

/// <summary>Approves, every hour, the pending conversions whose offer's holding period has ended.</summary>
public sealed class ApproveHeldConversionsFunction(ConversionReviews reviews, ILogger<ApproveHeldConversionsFunction> logger)
{
    [Function("ApproveHeldConversions")]
    public async Task ApproveHeldConversions([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var approved = await reviews.ApproveHeldAsync(cancellationToken);
        logger.LogInformation("Approved {Count} conversions past their holding period.", approved);
    }
}

/// <summary>Applies each queued Shopify event to the brand's conversions; a failure is retried by the queue, then poisoned.</summary>
public sealed class ProcessOrderEventFunction(OrderEventProcessor processor)
{
    [Function("ProcessOrderEvent")]
    public async Task ProcessOrderEvent([QueueTrigger(QueueNames.ShopifyEventsTrigger)] string message, CancellationToken cancellationToken) =>
        await processor.ProcessAsync(MessageQueue.Deserialize<ShopifyEventMessage>(message), cancellationToken);
}
