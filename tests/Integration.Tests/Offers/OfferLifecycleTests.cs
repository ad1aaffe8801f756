using System.Net;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

public sealed class OfferLifecycleTests(StackFixture stack)
{
    [Fact]
    public async Task CreateOffer_WhenValid_ShouldAnswer201WithLocationETagAndWireShapes()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();

        Assert.Equal($"/api/v1/offers/{created.Id()}", created.Response.Headers.Location?.ToString());
        Assert.NotNull(created.ETag);
        var body = created.Body;
        Assert.Equal("active", body.GetProperty("status").GetString());
        var payout = body.GetProperty("payoutOptions")[0];
        Assert.Equal("CPA_CPS", payout.GetProperty("type").GetString());
        Assert.Equal(5.50m, payout.GetProperty("flatAmount").GetProperty("amount").GetDecimal());
        Assert.Equal("USD", payout.GetProperty("flatAmount").GetProperty("currency").GetString());
        Assert.Equal("percentage", body.GetProperty("discount").GetProperty("type").GetString());
        Assert.Equal("10% off", body.GetProperty("discount").GetProperty("text").GetString());
        Assert.Equal("{FIRSTNAME}{DISCOUNT}", body.GetProperty("namingStrategy").GetProperty("pattern").GetString());
        Assert.Equal("numericSuffix", body.GetProperty("namingStrategy").GetProperty("collisionPolicy").GetString());
    }

    [Fact]
    public async Task GetOffer_WhenCreatedWithCustomPattern_ShouldReturnItVerbatimWithTheSameETag()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = OfferBody();
        body["namingStrategy"] = new { pattern = "summer{firstname}{RANDOM:3}", collisionPolicy = "random-suffix", maxLength = 20 };
        body["restrictions"] = new { minimumSubtotal = 25m, entitledProductIds = new[] { "gid://shopify/Product/123" }, purchaseType = "both", oncePerCustomer = true };
        var created = await brand.CreateOfferAsync(body);

        var read = await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.ETag, read.ETag);
        var strategy = read.Body.GetProperty("namingStrategy");
        Assert.Equal("SUMMER{FIRSTNAME}{RANDOM:3}", strategy.GetProperty("pattern").GetString());
        Assert.Equal("randomSuffix", strategy.GetProperty("collisionPolicy").GetString());
        Assert.Equal(20, strategy.GetProperty("maxLength").GetInt32());
        var restrictions = read.Body.GetProperty("restrictions");
        Assert.Equal(25m, restrictions.GetProperty("minimumSubtotal").GetProperty("amount").GetDecimal());
        Assert.Equal("both", restrictions.GetProperty("purchaseType").GetString());
        Assert.Equal("gid://shopify/Product/123", restrictions.GetProperty("entitledProductIds")[0].GetString());
    }

    [Fact]
    public async Task ListOffers_WhenManyOffers_ShouldPageAndFilterByStatus()
    {
        using var brand = await stack.CreateBrandAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await brand.CreateOfferAsync()).Id());
        }

        Assert.Equal(HttpStatusCode.OK, (await brand.Client.PostJsonAsync($"api/v1/offers/{ids[1]}/pause")).Status);

        var firstPage = await brand.Client.GetJsonAsync("api/v1/offers?pageSize=2");
        Assert.Equal(2, firstPage.Items().Length);
        Assert.NotNull(firstPage.Body.GetProperty("continuationToken").GetString());
        Assert.Equal(ids, await brand.Client.ListAllAsync("api/v1/offers?pageSize=2"));
        Assert.Equal([ids[1]], await brand.Client.ListAllAsync("api/v1/offers?status=paused"));
        Assert.Equal(4, (await brand.Client.ListAllAsync("api/v1/offers?status=Active")).Count);
    }

    [Fact]
    public async Task ReplaceOffer_WithCurrentETag_ShouldReplaceEverythingButStatus()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();
        var paused = await brand.Client.PostJsonAsync($"api/v1/offers/{created.Id()}/pause");
        var body = OfferBody("Renamed offer", discountPercent: 15);
        body["payoutOptions"] = new[] { new { label = "Flat", type = "CPA", flatAmount = 3m } };

        var replaced = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", body, paused.ETag);

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.NotEqual(paused.ETag, replaced.ETag);
        Assert.Equal("Renamed offer", replaced.Body.GetProperty("name").GetString());
        Assert.Equal("paused", replaced.Body.GetProperty("status").GetString());
        Assert.Equal("CPA", replaced.Body.GetProperty("payoutOptions")[0].GetProperty("type").GetString());
        Assert.True(replaced.Body.GetProperty("payoutOptions")[0].GetProperty("isDefault").GetBoolean());
        var read = await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}");
        Assert.Equal(15m, read.Body.GetProperty("discount").GetProperty("value").GetDecimal());
        Assert.Equal(replaced.ETag, read.ETag);
    }

    [Fact]
    public async Task ReplaceOffer_WithoutIfMatch_ShouldAnswer428AndChangeNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();

        var answer = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("Other"));

        Assert.Equal(HttpStatusCode.PreconditionRequired, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(created.Body.GetProperty("name").GetString(), (await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}")).Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ReplaceOffer_WithStaleETag_ShouldAnswer412AndChangeNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();
        var first = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("First writer"), created.ETag);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var second = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("Second writer"), created.ETag);
        var garbage = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("Third writer"), "\"not-ours\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, second.Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, garbage.Status);
        Assert.Equal("First writer", (await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}")).Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task PauseWithStaleETag_ShouldAnswer412()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync();
        await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("Changed"), created.ETag);

        var answer = await brand.Client.SendAsync(HttpMethod.Post, $"api/v1/offers/{created.Id()}/pause", ifMatch: created.ETag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.Status);
    }

    [Fact]
    public async Task StatusChanges_ShouldFollowTheOfferRulesAndRefuseWithReasons()
    {
        using var brand = await stack.CreateBrandAsync();
        var id = (await brand.CreateOfferAsync()).Id();

        async Task<ApiAnswer> Post(string action) => await brand.Client.PostJsonAsync($"api/v1/offers/{id}/{action}");

        var paused = await Post("pause");
        Assert.Equal("paused", paused.Body.GetProperty("status").GetString());
        Assert.False(paused.Body.GetProperty("acceptsNewCodes").GetBoolean());
        var pausedAgain = await Post("pause");
        Assert.Equal(HttpStatusCode.OK, pausedAgain.Status);
        Assert.Equal(paused.ETag, pausedAgain.ETag);
        Assert.Equal("active", (await Post("resume")).Body.GetProperty("status").GetString());
        Assert.Equal("archived", (await Post("archive")).Body.GetProperty("status").GetString());

        var resume = await Post("resume");
        Assert.Equal(HttpStatusCode.Conflict, resume.Status);
        Assert.Contains("archiv", resume.Body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, (await Post("pause")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post("archive")).Status);

        var current = await brand.Client.GetJsonAsync($"api/v1/offers/{id}");
        var put = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{id}", OfferBody("After archive"), current.ETag);
        Assert.Equal(HttpStatusCode.Conflict, put.Status);
    }

    [Fact]
    public async Task CreateOffer_WhenNameTakenIgnoringCaseAndSpaces_ShouldAnswer409()
    {
        using var brand = await stack.CreateBrandAsync();
        await brand.CreateOfferAsync(OfferBody("Summer Sale"));

        var answer = await brand.Client.PostJsonAsync("api/v1/offers", OfferBody("  summer SALE "));

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Single(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenAnotherBrandUsesTheName_ShouldSucceed()
    {
        using var first = await stack.CreateBrandAsync();
        using var second = await stack.CreateBrandAsync();
        await first.CreateOfferAsync(OfferBody("Shared name"));

        await second.CreateOfferAsync(OfferBody("Shared name"));
    }

    [Fact]
    public async Task ReplaceOffer_WhenRenamed_ShouldReleaseTheOldNameAndHoldTheNewOne()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.CreateOfferAsync(OfferBody("Old name"));
        var renamed = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", OfferBody("New name"), created.ETag);
        Assert.Equal(HttpStatusCode.OK, renamed.Status);

        Assert.Equal(HttpStatusCode.Created, (await brand.Client.PostJsonAsync("api/v1/offers", OfferBody("old NAME"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await brand.Client.PostJsonAsync("api/v1/offers", OfferBody("New Name"))).Status);
    }

    [Fact]
    public async Task ReplaceOffer_WhenNewNameBelongsToAnotherOffer_ShouldAnswer409AndKeepBothNames()
    {
        using var brand = await stack.CreateBrandAsync();
        await brand.CreateOfferAsync(OfferBody("Taken"));
        var other = await brand.CreateOfferAsync(OfferBody("Mine"));

        var answer = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{other.Id()}", OfferBody("TAKEN"), other.ETag);

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await brand.Client.PostJsonAsync("api/v1/offers", OfferBody("mine"))).Status);
        var same = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{other.Id()}", OfferBody("MINE"), other.ETag);
        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal("MINE", same.Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task NamingPreview_ShouldProposeCodesWithCollisionsResolved()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync("api/v1/offers/naming-preview", new
        {
            namingStrategy = new { preset = "firstNameDiscount" },
            discountValue = 10,
            members = new object[] { new { firstName = "John" }, new { firstName = "john", lastName = "Other" }, new { firstName = "Zoë" }, new { lastName = "NoFirst" } },
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var items = answer.Body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("JOHN10", items[0].GetProperty("code").GetString());
        Assert.Equal("JOHN10B", items[1].GetProperty("code").GetString());
        Assert.Equal("adjusted", items[1].GetProperty("status").GetString());
        Assert.Equal("ZOE10", items[2].GetProperty("code").GetString());
        Assert.Equal("failed", items[3].GetProperty("status").GetString());
    }

    [Fact]
    public async Task NamingPreview_WhenInvalid_ShouldNameEveryField()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync("api/v1/offers/naming-preview", new
        {
            namingStrategy = new { pattern = "{NICKNAME}-", maxAttempts = 99 },
            members = Array.Empty<object>(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Superset(new HashSet<string> { "namingStrategy.pattern", "namingStrategy.maxAttempts", "members" }, answer.ErrorFields.ToHashSet());
    }
}
