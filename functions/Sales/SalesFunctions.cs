using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Queues;

namespace PromoServerless.Functions.Sales;

/// <summary>The sales HTTP functions; each runs the API operation of its name.</summary>
public static class SalesFunctions
{
    [Function(ShopifyWebhookApi.OperationName)]
    public static IActionResult ShopifyWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/shopify")] HttpRequest request) =>
        new ApiOperation(ShopifyWebhookApi.OperationName);
}

/// <summary>Applies each queued Shopify event to the brand's conversions; a failure is retried by the queue, then poisoned.</summary>
public sealed class ProcessOrderEventFunction(OrderEventProcessor processor)
{
    [Function("ProcessOrderEvent")]
    public async Task ProcessOrderEvent([QueueTrigger(QueueNames.ShopifyEvents)] string message, CancellationToken cancellationToken) =>
        await processor.ProcessAsync(MessageQueue.Deserialize<ShopifyEventMessage>(message), cancellationToken);
}
