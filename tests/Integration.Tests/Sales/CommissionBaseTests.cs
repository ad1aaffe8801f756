using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Sales;

/// <summary>An offer's <c>commissionBase</c> prices the conversions of orders that arrive as signed webhooks, and their refunds.</summary>
public sealed class CommissionBaseTests(StackFixture stack)
{
    private static readonly (string, string)[] Member = [("Ana", "Lopez")];

    // The simulator sells line i as product 7001 + i. Two tees at 40 (7001) and a 20 gift card (7002), 10 % off with the
    // member's code: the tees come to 72 and the gift card to 18 after the discount.
    private static PlaceOrderRequest TeesAndGiftCard(string code, decimal shipping = 0) => new(
        [code],
        [new SimLineItem("Tee", 40m, 2), new SimLineItem("Gift card", 20m, 1)],
        Email: $"buyer.{Guid.NewGuid():N}@shoppers.test",
        Shipping: shipping);

    private static Dictionary<string, object?> OfferExcluding(object commissionBase)
    {
        var body = ApiCalls.OfferBody();
        body["commissionBase"] = commissionBase;
        return body;
    }

    [Fact]
    public async Task OfferExcludingAProductAndIncludingShipping_ShouldPayOnTheRestPlusShippingAndClawBackNothingForTheExcludedLine()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(OfferExcluding(new { includeShipping = true, excludedProductIds = new[] { "7002" } }), Member);
        var (member, code) = setup.CodesByMemberId.Single();

        var placed = await stack.PlaceOrderAsync(brand, TeesAndGiftCard(code, shipping: 8m));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1);
        var refund = await stack.RefundAsync(brand, placed.OrderId, new RefundRequest(18m, Lines: [new SimRefundLineRequest(1, 1)]));
        await WaitForRefundsAsync(brand, setup.OfferId, placed.OrderId, 1);

        // Base: 72 of tees + 8 of shipping; CPA 5.50 + 10 % of 80.
        Assert.Equal(200, refund.Delivery!.StatusCode);
        var conversion = Assert.Single(await brand.ConversionsAsync($"api/v1/members/{member}/conversions"));
        Assert.Equal(80m, conversion.Sale.Amount);
        Assert.Equal(0m, conversion.Refunded.Amount);
        Assert.Equal(13.50m, conversion.Commission.Amount);
        Assert.Equal(0m, conversion.CommissionClawedBack.Amount);
    }

    [Fact]
    public async Task OfferExcludingACollection_ShouldLeaveOutTheLinesOfProductsInItAndClawBackNothingForThem()
    {
        using var brand = await stack.CreateBrandAsync();
        await stack.AssignCollectionsAsync(brand, 7002, 55, 56);
        await stack.AssignCollectionsAsync(brand, 7001, 57);
        var setup = await brand.OfferWithLiveCodesAsync(OfferExcluding(new { excludedCollectionIds = new[] { "gid://shopify/Collection/55" } }), Member);
        var (member, code) = setup.CodesByMemberId.Single();

        var placed = await stack.PlaceOrderAsync(brand, TeesAndGiftCard(code, shipping: 8m));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1);
        await stack.RefundAsync(brand, placed.OrderId, new RefundRequest(18m, Lines: [new SimRefundLineRequest(1, 1)]));
        await WaitForRefundsAsync(brand, setup.OfferId, placed.OrderId, 1);

        // Base: the tees' 72 only (no shipping by default); CPA 5.50 + 10 % of 72.
        var conversion = Assert.Single(await brand.ConversionsAsync($"api/v1/members/{member}/conversions"));
        Assert.Equal(72m, conversion.Sale.Amount);
        Assert.Equal(12.70m, conversion.Commission.Amount);
        Assert.Equal(0m, conversion.CommissionClawedBack.Amount);
    }

    [Fact]
    public async Task CollectionLookupFailing_ShouldRetryTheEventAndNeverPayOnTheFullBase()
    {
        using var brand = await stack.CreateBrandAsync();
        await stack.AssignCollectionsAsync(brand, 7002, 55);
        var setup = await brand.OfferWithLiveCodesAsync(OfferExcluding(new { excludedCollectionIds = new[] { "55" } }), Member);
        var (member, code) = setup.CodesByMemberId.Single();
        // More throttled answers than the client retries within one attempt: the first delivery fails and the queue retries it.
        // (Throttled, not 503: server errors would count towards the shared HTTP circuit breaker other tests use.)
        brand.Shop.Faults.Add(new FaultRule(FaultKind.Throttled, Count: 10, Operation: "nodes"));

        await stack.PlaceOrderAsync(brand, TeesAndGiftCard(code));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1, TimeSpan.FromSeconds(60));

        var conversion = Assert.Single(await brand.ConversionsAsync($"api/v1/members/{member}/conversions"));
        Assert.Equal(72m, conversion.Sale.Amount);
        Assert.Equal(12.70m, conversion.Commission.Amount);
        Assert.Equal(10, brand.Shop.Counters.Throttled);
    }

    /// <summary>A refund of an excluded line changes no figure a brand sees, so the test waits on the conversion's applied refunds.</summary>
    private async Task WaitForRefundsAsync(TestBrand brand, string offerId, long orderId, int count)
    {
        var store = stack.Services.GetRequiredService<ConversionStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await store.GetAsync(new BrandId(brand.Id), new OfferId(offerId), orderId.ToString(CultureInfo.InvariantCulture), ApiCalls.Ct))?.AppliedRefunds.Count != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The conversion never had {count} refunds applied.");
            await Task.Delay(200, ApiCalls.Ct);
        }
    }
}
