using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Emails;

/// <summary>The emails HTTP functions; each runs the API operation of its name.</summary>
public static class EmailsFunctions
{
    [Function(nameof(GetEmailTemplate))]
    public static IActionResult GetEmailTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/email-template")] HttpRequest request) =>
        new ApiOperation(nameof(GetEmailTemplate));

    [Function(nameof(SaveEmailTemplate))]
    public static IActionResult SaveEmailTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/email-template")] HttpRequest request) =>
        new ApiOperation(nameof(SaveEmailTemplate));

    [Function(nameof(ResetEmailTemplate))]
    public static IActionResult ResetEmailTemplate([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/email-template")] HttpRequest request) =>
        new ApiOperation(nameof(ResetEmailTemplate));

    [Function(nameof(PreviewEmails))]
    public static IActionResult PreviewEmails([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/emails/preview")] HttpRequest request) =>
        new ApiOperation(nameof(PreviewEmails));

    [Function(nameof(StartEmailSend))]
    public static IActionResult StartEmailSend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/email-sends")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(StartEmailSend), client);

    [Function(nameof(CancelEmailSend))]
    public static IActionResult CancelEmailSend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/email-sends/{sendId}/cancel")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(CancelEmailSend), client);

    [Function(nameof(GetEmailSend))]
    public static IActionResult GetEmailSend([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/email-sends/{sendId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetEmailSend));
}
