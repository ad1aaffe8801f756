using System.Net;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

public sealed class OfferIsolationTests(StackFixture stack)
{
    [Fact]
    public async Task OtherBrand_ShouldNeitherSeeNorChangeAnOffer()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var created = await owner.CreateOfferAsync();
        var url = $"api/v1/offers/{created.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync(url)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.SendAsync(HttpMethod.Put, url, OfferBody(), created.ETag)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostJsonAsync($"{url}/archive")).Status);
        Assert.Empty(await other.Client.ListAllAsync("api/v1/offers"));
        Assert.Equal("active", (await owner.Client.GetJsonAsync(url)).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OfferEndpoints_WithoutKey_ShouldAnswer401()
    {
        using var client = stack.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("api/v1/offers")).Status);
    }
}
