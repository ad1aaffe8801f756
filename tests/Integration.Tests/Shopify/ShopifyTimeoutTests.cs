using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Shopify;

public sealed class ShopifyTimeoutTests(ShopifySimulatorFixture fixture)
{
    [Fact]
    public async Task CreateDiscount_WhenTheAttemptTimesOut_ShouldReadBackAndCreateExactlyOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shopify:EndpointTemplate"] = fixture.Simulator.EndpointTemplate,
            ["Shopify:AttemptTimeout"] = "00:00:00.300",
            ["Shopify:TotalTimeout"] = "00:00:10",
            ["Shopify:BaseRetryDelay"] = "00:00:00.010",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddShopifyAdminClient(configuration).BuildServiceProvider();
        var client = services.GetRequiredService<IShopifyAdminClient>();
        var (shop, state) = fixture.NewShop();
        state.Faults.Add(new FaultRule(FaultKind.Latency, Count: 1, Operation: "discountCodeBasicCreate", DelayMs: 2000));
        var spec = new DiscountCodeSpec("Slow", "SLOWPOKE", DateTimeOffset.UtcNow.AddDays(-1), null, new FixedAmountOff(5m), DiscountItems.All);

        var result = await client.CreateDiscountAsync(shop, spec, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Single(ShopSnapshot.Of(state).Discounts);
    }

    [Fact]
    public void AddShopifyAdminClient_WhenTheEndpointTemplateLacksTheShop_ShouldFailAtStartup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shopify:EndpointTemplate"] = "http://127.0.0.1:1/admin/api/{version}/graphql.json",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddShopifyAdminClient(configuration).BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ShopifyOptions>>().Value);

        Assert.Contains("EndpointTemplate", ex.Message, StringComparison.Ordinal);
    }
}
