using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Shopify;

public sealed class ShopifySimulatorEndpointTests(ShopifySimulatorFixture fixture)
{
    private static HttpRequestMessage GraphQL(ShopifyShop shop, string endpointTemplate, string query, JsonObject? variables = null, string? token = null)
    {
        var uri = endpointTemplate.Replace("{shop}", shop.Domain, StringComparison.Ordinal).Replace("{version}", "2026-01", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new JsonObject { ["query"] = query, ["variables"] = variables ?? [] }),
        };
        request.Headers.Add("X-Shopify-Access-Token", token ?? shop.AccessToken);
        return request;
    }

    [Fact]
    public async Task GraphQLEndpoint_WhenTheDocumentDoesNotFitTheSchema_ShouldAnswer200WithErrors()
    {
        var (shop, state) = fixture.NewShop();
        using var http = new HttpClient();
        using var request = GraphQL(shop, fixture.Simulator.EndpointTemplate, "query { codeDiscountNodeByCode(code: \"X\") { id notAField } }");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Contains("notAField", body!["errors"]![0]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Null(body["data"]);
        Assert.Equal(1, ShopSnapshot.Of(state).RejectedDocuments);
    }

    [Fact]
    public async Task GraphQLEndpoint_WhenTheTokenIsWrong_ShouldAnswer401()
    {
        var (shop, _) = fixture.NewShop();
        using var http = new HttpClient();
        using var request = GraphQL(shop, fixture.Simulator.EndpointTemplate, "query { codeDiscountNodeByCode(code: \"X\") { id } }", token: "shpat_wrong");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Client_WhenTheTokenIsWrong_ShouldThrowWithTheStatus()
    {
        var (shop, _) = fixture.NewShop();

        var ex = await Assert.ThrowsAsync<ShopifyGraphQLException>(() =>
            fixture.Client.FindDiscountByCodeAsync(shop with { AccessToken = "shpat_wrong" }, "X", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task GraphQLEndpoint_WhenMoreThan250CodesArrive_ShouldAnswerMaxInputSizeExceeded()
    {
        var (shop, _) = fixture.NewShop();
        using var http = new HttpClient();
        var codes = new JsonArray(Enumerable.Range(0, 251).Select(i => (JsonNode)new JsonObject { ["code"] = $"C{i}" }).ToArray());
        using var request = GraphQL(
            shop,
            fixture.Simulator.EndpointTemplate,
            GraphQLDocuments.Get(GraphQLDocuments.DiscountRedeemCodeBulkAdd),
            new JsonObject { ["discountId"] = "gid://shopify/DiscountCodeNode/1", ["codes"] = codes });

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Equal("MAX_INPUT_SIZE_EXCEEDED", body!["errors"]![0]!["extensions"]!["code"]!.ToString());
    }

    [Fact]
    public async Task GraphQLEndpoint_WhenAnswering_ShouldReportTheCostAndThrottleStatus()
    {
        var (shop, _) = fixture.NewShop(bucketSize: 2000, restoreRate: 100);
        using var http = new HttpClient();
        using var request = GraphQL(shop, fixture.Simulator.EndpointTemplate, GraphQLDocuments.Get(GraphQLDocuments.CodeDiscountNodeByCode), new JsonObject { ["code"] = "NONE" });

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        var cost = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["extensions"]!["cost"]!;
        Assert.Equal(2, cost["requestedQueryCost"]!.GetValue<int>());
        Assert.Equal(2000, cost["throttleStatus"]!["maximumAvailable"]!.GetValue<double>());
        Assert.Equal(100, cost["throttleStatus"]!["restoreRate"]!.GetValue<double>());
    }
}
