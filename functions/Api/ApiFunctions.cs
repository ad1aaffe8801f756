using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace PromoServerless.Functions.Api;

/// <summary>The api HTTP functions; each runs the API operation of its name.</summary>
public static class ApiFunctions
{
    [Function(nameof(Health))]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new ApiOperation(nameof(Health));

    [Function(nameof(OpenApiDocument))]
    public static IActionResult OpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request) =>
        new ApiOperation(nameof(OpenApiDocument));

    [Function(nameof(ApiReference))]
    public static IActionResult ApiReference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reference/{*path}")] HttpRequest request) =>
        new ApiOperation(nameof(ApiReference));
}
