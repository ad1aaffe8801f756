using System.Net;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Offers;
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
        Assert.Equal(OfferStatus.Active, (await owner.Client.GetJsonAsync(url)).AsExactly<OfferResponse>().Status);
    }

    [Fact]
    public async Task OtherBrand_ShouldGet404FromTheOfferSubResourcesItCannotSee()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var offer = (await owner.CreateOfferAsync()).Id();
        var project = (await other.Client.PostJsonAsync("api/v1/projects", new { name = "Own project" })).Id();

        var codes = await other.Client.GetJsonAsync($"api/v1/offers/{offer}/codes");
        var eligible = await other.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={project}");
        var preview = await other.Client.PostJsonAsync($"api/v1/offers/{offer}/emails/preview", new { allWithActiveCode = true });

        Assert.True(codes.Status == HttpStatusCode.NotFound, $"codes: {codes.Status} {codes.Body}");
        Assert.True(eligible.Status == HttpStatusCode.NotFound, $"eligible-members: {eligible.Status} {eligible.Body}");
        Assert.True(preview.Status == HttpStatusCode.NotFound, $"emails/preview: {preview.Status} {preview.Body}");
        Assert.Equal("application/problem+json", codes.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetJsonAsync($"api/v1/offers/{offer}/codes")).Status);
    }

    [Fact]
    public async Task OfferEndpoints_WithoutKey_ShouldAnswer401()
    {
        using var client = stack.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetJsonAsync("api/v1/offers")).Status);
    }
}
