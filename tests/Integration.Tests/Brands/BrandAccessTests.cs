using System.Net;
using System.Net.Http.Json;
using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Health;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Brands;

public sealed class BrandAccessTests(StackFixture stack)
{
    [Fact]
    public async Task Health_WhenStorageRuns_ShouldReportReachable()
    {
        using var client = stack.CreateClient();
        var answer = await client.GetJsonAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var report = answer.AsExactly<HealthReport>();
        Assert.Equal("healthy", report.Status);
        Assert.Equal("reachable", report.Checks["tables"]);
    }

    [Fact]
    public async Task BrandEndpoint_WhenNoKey_ShouldAnswer401Problem()
    {
        using var client = stack.CreateClient();
        var response = await client.GetAsync("api/v1/brand", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BrandEndpoint_WhenKeyIsForged_ShouldAnswer401()
    {
        using var brand = await stack.CreateBrandAsync();
        var forged = brand.ApiKey[..^4] + "AAAA";
        using var client = stack.CreateClient(forged);
        var response = await client.GetAsync("api/v1/brand", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateBrand_WithBrandKey_ShouldAnswer403()
    {
        using var brand = await stack.CreateBrandAsync();
        var response = await brand.Client.PostAsJsonAsync("api/v1/brands", new { name = "x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BrandKey_ShouldSeeOnlyItsOwnBrand()
    {
        using var first = await stack.CreateBrandAsync();
        using var second = await stack.CreateBrandAsync();
        var own = await first.Client.GetJsonAsync("api/v1/brand");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal(first.Id, own.AsExactly<BrandResponse>().Id);
        Assert.NotEqual(second.Id, own.As<BrandResponse>().Id);
    }

    [Fact]
    public async Task RevokedKey_ShouldNoLongerAuthenticate()
    {
        using var brand = await stack.CreateBrandAsync();
        using var operatorClient = stack.CreateOperatorClient();
        var keys = await operatorClient.GetJsonAsync($"api/v1/brands/{brand.Id}/api-keys");
        Assert.Equal(HttpStatusCode.OK, keys.Status);
        var keyId = keys.AsExactly<ApiKeyResponse[]>()[0].Id;
        Assert.DoesNotContain("key", keys.Body[0].FieldNames());

        var revoke = await operatorClient.DeleteAsync($"api/v1/brands/{brand.Id}/api-keys/{keyId}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        // A fresh client: the previous client's successful call may sit in the short-lived key cache.
        using var client = stack.CreateClient(brand.ApiKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/brand", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task CreateBrand_WhenFieldsInvalid_ShouldNameEachFieldAndWriteNothing()
    {
        using var operatorClient = stack.CreateOperatorClient();
        var answer = await operatorClient.PostJsonAsync("api/v1/brands", new
        {
            name = "",
            shopDomain = "not a shop",
            shopifyAccessToken = "t",
            shopifyWebhookSecret = "s",
            currency = "dollars",
            timeZone = "Mars/Olympus",
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Superset(new HashSet<string> { "name", "shopDomain", "currency", "timeZone" }, answer.ErrorFields.ToHashSet());
    }

    [Fact]
    public async Task CreateBrand_WhenShopAlreadyHasABrand_ShouldAnswer409()
    {
        using var brand = await stack.CreateBrandAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => stack.CreateBrandAsync(shopDomain: brand.ShopDomain));
    }

    [Fact]
    public async Task CreateBrand_WhenBodyHasUnknownField_ShouldAnswer400NamingIt()
    {
        using var operatorClient = stack.CreateOperatorClient();
        var answer = await operatorClient.PostRawAsync("api/v1/brands", """{"name":"A","shopDomain":"a.myshopify.com","colour":"red"}""");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.ErrorFields.Contains("colour"), answer.Body.ToString());
    }

    [Fact]
    public async Task CreateBrand_WhenJsonMalformed_ShouldAnswer400Problem()
    {
        using var operatorClient = stack.CreateOperatorClient();
        using var content = new StringContent("""{"name": "A", """, System.Text.Encoding.UTF8, "application/json");
        var response = await operatorClient.PostAsync("api/v1/brands", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_ShouldDescribeTheBrandEndpointsAndKeyScheme()
    {
        using var client = stack.CreateClient();
        var document = (await client.GetJsonAsync("api/openapi/v1.json")).As<OpenApiDocumentShape>();
        Assert.StartsWith("3.1", document.OpenApi);
        Assert.Contains("/api/v1/brands", document.Paths.Keys);
        Assert.Contains("ApiKey", document.Components.SecuritySchemes.Keys);
    }

    [Fact]
    public async Task SwaggerDocument_ForPowerPlatform_ShouldBeSwagger2()
    {
        using var client = stack.CreateClient();
        var document = await client.GetJsonAsync("api/openapi/v1-swagger2.json");
        Assert.Equal(HttpStatusCode.OK, document.Status);
        Assert.Equal("2.0", document.As<SwaggerVersion>().Swagger);
    }

    [Fact]
    public async Task OpenApi_ShouldDocumentEveryOperationsSummaryAndItsProblemAnswers()
    {
        using var client = stack.CreateClient();
        var document = (await client.GetJsonAsync("api/openapi/v1.json")).As<OpenApiDocumentShape>();
        var missing = new List<string>();
        foreach (var (path, operations) in document.Paths.Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in operations)
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                if (string.IsNullOrWhiteSpace(operation.Summary))
                {
                    missing.Add(name + ": summary");
                }

                if (!operation.Responses.ContainsKey("401"))
                {
                    missing.Add(name + ": 401");
                }

                // An id in the path can name nothing, or something of another brand: both answer 404.
                if (path.Contains("Id}", StringComparison.Ordinal) && !operation.Responses.ContainsKey("404"))
                {
                    missing.Add(name + ": 404");
                }
            }
        }

        Assert.True(missing.Count == 0, "Undocumented: " + string.Join(", ", missing));
    }

    private sealed record SwaggerVersion(string Swagger);
}
