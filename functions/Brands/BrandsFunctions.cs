using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Brands;

/// <summary>The brands HTTP functions; each runs the API operation of its name.</summary>
public static class BrandsFunctions
{
    [Function(nameof(CreateBrand))]
    public static IActionResult CreateBrand([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands")] HttpRequest request) =>
        new ApiOperation(nameof(CreateBrand));

    [Function(nameof(GetBrand))]
    public static IActionResult GetBrand([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetBrand));

    [Function(nameof(CreateApiKey))]
    public static IActionResult CreateApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands/{brandId}/api-keys")] HttpRequest request) =>
        new ApiOperation(nameof(CreateApiKey));

    [Function(nameof(ListApiKeys))]
    public static IActionResult ListApiKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId}/api-keys")] HttpRequest request) =>
        new ApiOperation(nameof(ListApiKeys));

    [Function(nameof(RevokeApiKey))]
    public static IActionResult RevokeApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/brands/{brandId}/api-keys/{keyId}")] HttpRequest request) =>
        new ApiOperation(nameof(RevokeApiKey));

    [Function(nameof(GetOwnBrand))]
    public static IActionResult GetOwnBrand([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brand")] HttpRequest request) =>
        new ApiOperation(nameof(GetOwnBrand));
}
