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

    [Function(nameof(GetOfferDashboard))]
    public static IActionResult GetOfferDashboard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/dashboard")] HttpRequest request) =>
        new ApiOperation(nameof(GetOfferDashboard));

    [Function(nameof(ListOfferConversions))]
    public static IActionResult ListOfferConversions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/conversions")] HttpRequest request) =>
        new ApiOperation(nameof(ListOfferConversions));

    [Function(nameof(ListMemberConversions))]
    public static IActionResult ListMemberConversions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{memberId}/conversions")] HttpRequest request) =>
        new ApiOperation(nameof(ListMemberConversions));

    [Function(nameof(ApproveConversion))]
    public static IActionResult ApproveConversion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversions/{conversionId}/approve")] HttpRequest request) =>
        new ApiOperation(nameof(ApproveConversion));

    [Function(nameof(RejectConversion))]
    public static IActionResult RejectConversion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversions/{conversionId}/reject")] HttpRequest request) =>
        new ApiOperation(nameof(RejectConversion));

    [Function(nameof(ListPayouts))]
    public static IActionResult ListPayouts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/payouts")] HttpRequest request) =>
        new ApiOperation(nameof(ListPayouts));

    [Function(SalesApi.MarkPaidOperation)]
    public static IActionResult MarkPayoutPaid([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/payouts/{memberId}/mark-paid")] HttpRequest request) =>
        new ApiOperation(SalesApi.MarkPaidOperation);
}

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
    public async Task ProcessOrderEvent([QueueTrigger(QueueNames.ShopifyEvents)] string message, CancellationToken cancellationToken) =>
        await processor.ProcessAsync(MessageQueue.Deserialize<ShopifyEventMessage>(message), cancellationToken);
}
