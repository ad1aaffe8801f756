using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Tables;
using PromoServerless.Functions.Offers;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Sales;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

/// <summary>An offer's <c>commissionBase</c> through create, read and replace.</summary>
public sealed class CommissionBaseInputTests(StackFixture stack)
{
    [Fact]
    public async Task CreateOffer_WithCommissionBase_ShouldKeepItWithIdsAsGidsAndReplaceWithoutItShouldRestoreTheDefault()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = OfferBody();
        body["commissionBase"] = new { includeShipping = true, excludedProductIds = new[] { "123", "gid://shopify/Product/456" }, excludedCollectionIds = new[] { "789" } };

        var created = await brand.CreateOfferAsync(body);
        var read = await brand.Client.GetJsonAsync($"api/v1/offers/{created.Id()}");
        body.Remove("commissionBase");
        var replaced = await brand.Client.SendAsync(HttpMethod.Put, $"api/v1/offers/{created.Id()}", body, read.ETag);

        var expected = new CommissionBaseResponse(true, false, ["gid://shopify/Product/123", "gid://shopify/Product/456"], ["gid://shopify/Collection/789"]);
        var kept = read.Read<OfferResponse>().CommissionBase;
        Assert.Equal((expected.IncludeShipping, expected.IncludeTaxes), (kept.IncludeShipping, kept.IncludeTaxes));
        Assert.Equal(expected.ExcludedProductIds, kept.ExcludedProductIds);
        Assert.Equal(expected.ExcludedCollectionIds, kept.ExcludedCollectionIds);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        var restored = replaced.Read<OfferResponse>().CommissionBase;
        Assert.False(restored.IncludeShipping);
        Assert.Empty(restored.ExcludedProductIds);
        Assert.Empty(restored.ExcludedCollectionIds);
    }

    [Fact]
    public async Task CreateOffer_WhenAnExcludedIdIsInvalidOrRepeated_ShouldAnswer400NamingItAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = OfferBody();
        body["commissionBase"] = new
        {
            excludedProductIds = new[] { "1", "2", "3", "gid://shopify/Product/2" },
            excludedCollectionIds = new[] { "gid://shopify/Product/9" },
        };

        var answer = await brand.Client.PostJsonAsync("api/v1/offers", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["commissionBase.excludedCollectionIds[0]", "commissionBase.excludedProductIds[3]"], answer.ErrorFields.Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }
}

/// <summary>Offers stored before <c>commissionBase</c> existed have no such field in their row.</summary>
public sealed class CommissionBaseStorageTests(StackFixture stack)
{
    [Fact]
    public async Task StoredOfferWithoutCommissionBase_ShouldReadAsTheDefault()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = OfferBody();
        body["commissionBase"] = new { includeTaxes = true, excludedProductIds = new[] { "5" } };
        var created = await brand.CreateOfferAsync(body);
        var stored = await stack.Services.GetRequiredService<OfferStore>().GetAsync(new BrandId(brand.Id), new OfferId(created.Id()), ApiCalls.Ct);
        var record = OfferRecord.From(stored!.Value);

        var old = record with { Definition = record.Definition with { CommissionBase = null } };

        Assert.True(record.ToOffer().Definition.CommissionBase.IncludeTaxes);
        Assert.Same(CommissionBaseRules.Default, old.ToOffer().Definition.CommissionBase);
    }
}
