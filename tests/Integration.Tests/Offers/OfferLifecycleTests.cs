using System.Net;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Offers;
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
        var offer = created.AsExactly<OfferResponse>();
        Assert.Equal(OfferStatus.Active, offer.Status);
        var payout = offer.PayoutOptions[0];
        Assert.Equal("CPA_CPS", payout.Type);
        Assert.Equal(new MoneyResponse(5.50m, "USD"), payout.FlatAmount);
        Assert.Equal(DiscountType.Percentage, offer.Discount.Type);
        Assert.Equal("10% off", offer.Discount.Text);
        Assert.Equal("{FIRSTNAME}{DISCOUNT}", offer.NamingStrategy.Pattern);
        Assert.Equal(CollisionPolicy.NumericSuffix, offer.NamingStrategy.CollisionPolicy);
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
        var offer = read.AsExactly<OfferResponse>();
        Assert.Equal("SUMMER{FIRSTNAME}{RANDOM:3}", offer.NamingStrategy.Pattern);
        Assert.Equal(CollisionPolicy.RandomSuffix, offer.NamingStrategy.CollisionPolicy);
        Assert.Equal(20, offer.NamingStrategy.MaxLength);
        Assert.Equal(25m, offer.Restrictions.MinimumSubtotal?.Amount);
        Assert.Equal(PurchaseType.Both, offer.Restrictions.PurchaseType);
        Assert.Equal("gid://shopify/Product/123", offer.Restrictions.EntitledProductIds[0]);
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
        Assert.Equal(2, firstPage.Items<OfferResponse>().Count);
        Assert.NotNull(firstPage.As<PagedResponse<OfferResponse>>().ContinuationToken);
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
        var offer = replaced.AsExactly<OfferResponse>();
        Assert.Equal("Renamed offer", offer.Name);
        Assert.Equal(OfferStatus.Paused, offer.Status);
        Assert.Equal("CPA", offer.PayoutOptions[0].Type);
        Assert.True(offer.PayoutOptions[0].IsDefault);
        var read = await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}");
        Assert.Equal(15m, read.AsExactly<OfferResponse>().Discount.Value);
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
        Assert.Equal(created.As<OfferResponse>().Name, (await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}")).As<OfferResponse>().Name);
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
        Assert.Equal("First writer", (await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}")).As<OfferResponse>().Name);
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
        Assert.Equal(OfferStatus.Paused, paused.AsExactly<OfferResponse>().Status);
        Assert.False(paused.As<OfferResponse>().AcceptsNewCodes);
        var pausedAgain = await Post("pause");
        Assert.Equal(HttpStatusCode.OK, pausedAgain.Status);
        Assert.Equal(paused.ETag, pausedAgain.ETag);
        Assert.Equal(OfferStatus.Active, (await Post("resume")).AsExactly<OfferResponse>().Status);
        Assert.Equal(OfferStatus.Archived, (await Post("archive")).AsExactly<OfferResponse>().Status);

        var resume = await Post("resume");
        Assert.Equal(HttpStatusCode.Conflict, resume.Status);
        Assert.Contains("archiv", resume.As<ApiProblem>().Detail, StringComparison.OrdinalIgnoreCase);
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
        Assert.Equal("MINE", same.As<OfferResponse>().Name);
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
        var items = answer.AsExactly<NamingPreviewResponse>().Items;
        Assert.Equal("JOHN10", items[0].Code);
        Assert.Equal("JOHN10B", items[1].Code);
        Assert.Equal(CodePlanStatus.Adjusted, items[1].Status);
        Assert.Equal("ZOE10", items[2].Code);
        Assert.Equal(CodePlanStatus.Failed, items[3].Status);
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
