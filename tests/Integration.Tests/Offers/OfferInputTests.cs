using System.Net;
using PromoServerless.Functions.Offers;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

public sealed class OfferInputTests(StackFixture stack)
{
    public static TheoryData<string> InjectionLookingTexts => new()
    {
        "' or PartitionKey ne '",
        "x' or RowKey gt '",
        "<script>alert('x')</script>",
        "{{ offer.name }} {% raw %}",
        "Ünïcødé 🎉 名前 עברית",
        "a/b\\c#d?e",
    };

    [Fact]
    public async Task CreateOffer_WhenManyFieldsInvalid_ShouldNameEveryFieldAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync("api/v1/offers", new
        {
            name = "",
            groupName = new string('g', 300),
            payoutOptions = new object[] { new { label = "A", type = "CPX" }, new { label = "B", type = "CPS", percent = 150 } },
            namingStrategy = new { pattern = "{FIRSTNAME}-{OOPS}", maxLength = 3 },
            discount = new { type = "percentage", value = 0, appliesOnEachItem = true },
            restrictions = new { minimumSubtotal = 10, minimumQuantity = 2, entitledProductIds = new[] { "gid://shopify/Collection/1" } },
            usageLimitPerCode = 0,
            holdingPeriodDays = 999,
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        string[] expected =
        [
            "name", "groupName", "payoutOptions[0].type", "payoutOptions[1].percent", "payoutOptions", "namingStrategy.pattern",
            "namingStrategy.maxLength", "discount.value", "discount.appliesOnEachItem", "restrictions", "restrictions.entitledProductIds[0]",
            "usageLimitPerCode", "holdingPeriodDays",
        ];
        Assert.Superset(expected.ToHashSet(), answer.ErrorFields.ToHashSet());
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenJsonMalformed_ShouldAnswer400ProblemAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/offers", """{"name": "A", "groupName": """);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["$"], answer.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenFieldUnknown_ShouldAnswer400NamingItAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/offers", """{"name":"A","groupName":"G","discount":{"type":"percentage","value":10,"amount":3},"payoutOptions":[{"label":"x","type":"CPA","flatAmount":1}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["discount.amount"], answer.ErrorFields);
        Assert.Contains("spelling", ErrorMessage(answer, "discount.amount"), StringComparison.Ordinal);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenFieldHasWrongType_ShouldAnswer400NamingIt()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/offers", """{"name":"A","groupName":"G","usageLimitPerCode":"ten","discount":{"type":"percentage","value":10}}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["usageLimitPerCode"], answer.ErrorFields);
        Assert.Contains("whole number", ErrorMessage(answer, "usageLimitPerCode"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenANestedFieldHasTheWrongType_ShouldAnswer400NamingItsPath()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/offers", """{"name":"A","groupName":"G","payoutOptions":[{"label":"x","type":"CPA","flatAmount":"five"}],"discount":{"type":"percentage","value":10}}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["payoutOptions[0].flatAmount"], answer.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenBodyIsHuge_ShouldAnswer413AndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var huge = "{\"name\":\"" + new string('x', 17 * 1024 * 1024) + "\"}";
        var answer = await brand.Client.SendAsync(HttpMethod.Post, "api/v1/offers", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"), expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["$"], answer.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Theory]
    [MemberData(nameof(InjectionLookingTexts))]
    public async Task CreateOffer_WithInjectionLookingText_ShouldStoreAndReturnItVerbatim(string text)
    {
        using var brand = await stack.CreateBrandAsync();
        var body = OfferBody(text);
        body["description"] = text;
        body["groupName"] = text;
        var created = await brand.CreateOfferAsync(body);

        var read = await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}");

        var offer = read.AsExactly<OfferResponse>();
        Assert.Equal(text, offer.Name);
        Assert.Equal(text, offer.Description);
        Assert.Equal(text, offer.GroupName);
        Assert.Equal(HttpStatusCode.Conflict, (await brand.Client.PostJsonAsync("api/v1/offers", OfferBody(text))).Status);
        Assert.Equal([created.Id()], await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Theory]
    [MemberData(nameof(InjectionLookingTexts))]
    public async Task OfferRoutes_WithInjectionLookingIds_ShouldAnswer404(string id)
    {
        using var brand = await stack.CreateBrandAsync();
        await brand.CreateOfferAsync();
        var escaped = Uri.EscapeDataString(id);

        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.GetJsonAsync($"api/v1/offers/{escaped}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.PostJsonAsync($"api/v1/offers/{escaped}/pause")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{escaped}", OfferBody(), "\"x\"")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.GetJsonAsync($"api/v1/offers/{escaped}/eligible-members?projectId=x")).Status);
    }

    [Fact]
    public async Task GetOffer_WithUpperCaseId_ShouldAnswer404()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id().ToUpperInvariant()}")).Status);
    }

    [Theory]
    [InlineData("status=' or PartitionKey ne '", "status")]
    [InlineData("status=1", "status")]
    [InlineData("continuationToken=%25%25%25", "continuationToken")]
    public async Task ListOffers_WithInjectionLookingQuery_ShouldAnswer400NamingTheParameter(string query, string field)
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.GetJsonAsync($"api/v1/offers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(field, answer.ErrorFields);
    }

    [Fact]
    public async Task OfferEndpoints_WithoutTheScope_ShouldAnswer403()
    {
        using var brand = await stack.CreateBrandAsync(scopes: ["offers:read"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await brand.Client.PostJsonAsync("api/v1/offers", OfferBody())).Status);
        Assert.Equal(HttpStatusCode.OK, (await brand.Client.GetJsonAsync("api/v1/offers")).Status);
    }

    [Fact]
    public async Task OpenApi_ShouldDescribeEveryNewEndpointWithTagsSummariesAndProblems()
    {
        using var client = stack.CreateClient();
        var paths = (await client.GetJsonAsync("api/openapi/v1.json")).As<OpenApiDocumentShape>().Paths;
        (string Path, string Method, string Status)[] expected =
        [
            ("/api/v1/offers", "post", "201"), ("/api/v1/offers", "get", "200"), ("/api/v1/offers/{offerId}", "get", "404"),
            ("/api/v1/offers/{offerId}", "put", "428"), ("/api/v1/offers/{offerId}/pause", "post", "409"), ("/api/v1/offers/{offerId}/resume", "post", "200"),
            ("/api/v1/offers/{offerId}/archive", "post", "200"), ("/api/v1/offers/naming-preview", "post", "400"),
            ("/api/v1/offers/{offerId}/eligible-members", "get", "200"), ("/api/v1/members/import", "post", "415"), ("/api/v1/members", "get", "200"),
            ("/api/v1/members/{memberId}", "get", "404"), ("/api/v1/projects", "post", "201"), ("/api/v1/projects", "get", "200"),
            ("/api/v1/projects/{projectId}", "get", "404"), ("/api/v1/projects/{projectId}/members", "post", "200"), ("/api/v1/projects/{projectId}/members", "get", "200"),
        ];
        foreach (var (path, method, status) in expected)
        {
            var operation = paths[path][method];
            Assert.False(string.IsNullOrEmpty(operation.Summary), $"{method} {path} has no summary");
            Assert.NotEmpty(operation.Tags ?? []);
            Assert.True(operation.Responses.ContainsKey(status), $"{method} {path} does not document {status}");
        }

        Assert.Contains("text/csv", paths["/api/v1/members/import"]["post"].RequestBody?.Content.Keys ?? []);
    }

    private static string ErrorMessage(ApiAnswer answer, string field) => answer.As<ApiProblem>().Errors![field][0];
}
