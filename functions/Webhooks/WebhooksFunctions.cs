using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Webhooks;

/// <summary>The webhook HTTP functions; each runs the API operation of its name. The When… functions are the connector's triggers, one per event type.</summary>
public static class WebhooksFunctions
{
    [Function(nameof(CreateWebhookSubscription))]
    public static IActionResult CreateWebhookSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-subscriptions")] HttpRequest request) =>
        new ApiOperation(nameof(CreateWebhookSubscription));

    [Function(nameof(ListWebhookSubscriptions))]
    public static IActionResult ListWebhookSubscriptions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions")] HttpRequest request) =>
        new ApiOperation(nameof(ListWebhookSubscriptions));

    [Function(nameof(GetWebhookSubscription))]
    public static IActionResult GetWebhookSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions/{subscriptionId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetWebhookSubscription));

    [Function(nameof(DeleteWebhookSubscription))]
    public static IActionResult DeleteWebhookSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/webhook-subscriptions/{subscriptionId}")] HttpRequest request) =>
        new ApiOperation(nameof(DeleteWebhookSubscription));

    [Function(nameof(ListWebhookDeliveries))]
    public static IActionResult ListWebhookDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions/{subscriptionId}/deliveries")] HttpRequest request) =>
        new ApiOperation(nameof(ListWebhookDeliveries));

    [Function(nameof(WhenCodeBatchCompleted))]
    public static IActionResult WhenCodeBatchCompleted([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code_batch.completed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeBatchCompleted));

    [Function(nameof(WhenCodeCreated))]
    public static IActionResult WhenCodeCreated([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.created")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeCreated));

    [Function(nameof(WhenCodeDeactivated))]
    public static IActionResult WhenCodeDeactivated([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.deactivated")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeDeactivated));

    [Function(nameof(WhenCodeReactivated))]
    public static IActionResult WhenCodeReactivated([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.reactivated")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeReactivated));

    [Function(nameof(WhenCodeRenamed))]
    public static IActionResult WhenCodeRenamed([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.renamed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeRenamed));

    [Function(nameof(WhenCodeDatesChanged))]
    public static IActionResult WhenCodeDatesChanged([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.dates_changed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenCodeDatesChanged));

    [Function(nameof(WhenEmailSendCompleted))]
    public static IActionResult WhenEmailSendCompleted([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/email_send.completed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenEmailSendCompleted));

    [Function(nameof(WhenMemberStageChanged))]
    public static IActionResult WhenMemberStageChanged([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/member.stage_changed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenMemberStageChanged));

    [Function(nameof(WhenConversionCreated))]
    public static IActionResult WhenConversionCreated([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.created")] HttpRequest request) =>
        new ApiOperation(nameof(WhenConversionCreated));

    [Function(nameof(WhenConversionApproved))]
    public static IActionResult WhenConversionApproved([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.approved")] HttpRequest request) =>
        new ApiOperation(nameof(WhenConversionApproved));

    [Function(nameof(WhenConversionReversed))]
    public static IActionResult WhenConversionReversed([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.reversed")] HttpRequest request) =>
        new ApiOperation(nameof(WhenConversionReversed));

    [Function(nameof(WhenPayoutPaid))]
    public static IActionResult WhenPayoutPaid([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/payout.paid")] HttpRequest request) =>
        new ApiOperation(nameof(WhenPayoutPaid));
}
