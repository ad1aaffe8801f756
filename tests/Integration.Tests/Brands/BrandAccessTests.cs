using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Brands;

public sealed class BrandAccessTests(StackFixture stack)
{
    [Fact]
    public async Task Health_WhenStorageRuns_ShouldReportReachable()
    {
        using var client = stack.CreateClient();
        var report = await client.GetFromJsonAsync<JsonElement>("api/health", TestContext.Current.CancellationToken);
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.Equal("reachable", report.GetProperty("checks").GetProperty("tables").GetString());
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
        var own = await first.Client.GetFromJsonAsync<JsonElement>("api/v1/brand", TestContext.Current.CancellationToken);
        Assert.Equal(first.Id, own.GetProperty("id").GetString());
        Assert.NotEqual(second.Id, own.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RevokedKey_ShouldNoLongerAuthenticate()
    {
        using var brand = await stack.CreateBrandAsync();
        using var operatorClient = stack.CreateOperatorClient();
        var keys = await operatorClient.GetFromJsonAsync<JsonElement>($"api/v1/brands/{brand.Id}/api-keys", TestContext.Current.CancellationToken);
        var keyId = keys[0].GetProperty("id").GetString();
        Assert.False(keys[0].TryGetProperty("key", out _));

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
        var response = await operatorClient.PostAsJsonAsync("api/v1/brands", new
        {
            name = "",
            shopDomain = "not a shop",
            shopifyAccessToken = "t",
            shopifyWebhookSecret = "s",
            currency = "dollars",
            timeZone = "Mars/Olympus",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "shopDomain", "currency", "timeZone" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for {field}");
        }
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
        using var content = new StringContent("""{"name":"A","shopDomain":"a.myshopify.com","colour":"red"}""", System.Text.Encoding.UTF8, "application/json");
        var response = await operatorClient.PostAsync("api/v1/brands", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("colour", out _), problem.ToString());
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
        var document = await client.GetFromJsonAsync<JsonElement>("api/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/brands", out _));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task SwaggerDocument_ForPowerPlatform_ShouldBeSwagger2()
    {
        using var client = stack.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("api/openapi/v1-swagger2.json", TestContext.Current.CancellationToken);
        Assert.Equal("2.0", document.GetProperty("swagger").GetString());
    }

    [Fact]
    public async Task OpenApi_ShouldDocumentEveryOperationsSummaryAndItsProblemAnswers()
    {
        using var client = stack.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("api/openapi/v1.json", TestContext.Current.CancellationToken);
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var responses = operation.Value.GetProperty("responses");
                if (!operation.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    missing.Add(name + ": summary");
                }

                if (!responses.TryGetProperty("401", out _))
                {
                    missing.Add(name + ": 401");
                }

                // An id in the path can name nothing, or something of another brand: both answer 404.
                if (path.Name.Contains("Id}", StringComparison.Ordinal) && !responses.TryGetProperty("404", out _))
                {
                    missing.Add(name + ": 404");
                }
            }
        }

        Assert.True(missing.Count == 0, "Undocumented: " + string.Join(", ", missing));
    }
}
