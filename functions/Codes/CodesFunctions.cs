using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Codes;

/// <summary>The codes HTTP functions; each runs the API operation of its name.</summary>
public static class CodesFunctions
{
    [Function(nameof(PreviewCodeBatch))]
    public static IActionResult PreviewCodeBatch([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/code-batches/preview")] HttpRequest request) =>
        new ApiOperation(nameof(PreviewCodeBatch));

    [Function(nameof(CreateCodeBatch))]
    public static IActionResult CreateCodeBatch([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/code-batches")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(CreateCodeBatch), client);

    [Function(nameof(GetCodeBatch))]
    public static IActionResult GetCodeBatch([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/code-batches/{batchId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetCodeBatch));

    [Function(nameof(CancelCodeBatch))]
    public static IActionResult CancelCodeBatch([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/code-batches/{batchId}/cancel")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(CancelCodeBatch), client);

    [Function(nameof(ListCodeBatches))]
    public static IActionResult ListCodeBatches([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/code-batches")] HttpRequest request) =>
        new ApiOperation(nameof(ListCodeBatches));

    [Function(nameof(ListCodes))]
    public static IActionResult ListCodes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/codes")] HttpRequest request) =>
        new ApiOperation(nameof(ListCodes));

    [Function(nameof(StartCodeOperation))]
    public static IActionResult StartCodeOperation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/codes/operations")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(StartCodeOperation), client);

    [Function(nameof(GetCodeOperation))]
    public static IActionResult GetCodeOperation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/code-operations/{operationId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetCodeOperation));
}
