using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

[assembly: AssemblyFixture(typeof(PromoServerless.Integration.Tests.Shopify.ShopifySimulatorFixture))]

namespace PromoServerless.Integration.Tests.Shopify;

/// <summary>One in-process Shopify simulator for the test assembly and a real client pointed at it. Each test makes its own shop.</summary>
public sealed class ShopifySimulatorFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public ShopifySimulatorHost Simulator { get; private set; } = null!;

    public IShopifyAdminClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Simulator = await Fixtures.SharedServices.Simulator;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shopify:EndpointTemplate"] = Simulator.EndpointTemplate,
            ["Shopify:AttemptTimeout"] = "00:00:05",
            ["Shopify:TotalTimeout"] = "00:00:30",
            ["Shopify:BaseRetryDelay"] = "00:00:00.020",
            ["Shopify:MaxRetryDelay"] = "00:00:00.200",
            ["Shopify:BulkPollInterval"] = "00:00:00.020",
            ["Shopify:BulkJobTimeout"] = "00:00:20",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddShopifyAdminClient(configuration).BuildServiceProvider(validateScopes: true);
        Client = _services.GetRequiredService<IShopifyAdminClient>();
    }

    /// <summary>A fresh shop with a unique domain; bulk jobs are fast by default so tests stay quick.</summary>
    public (ShopifyShop Shop, ShopState State) NewShop(double bucketSize = 2000, double restoreRate = 100, double codesPerSecond = 5000, string? webhookUrl = null, string webhookSecret = "test-secret")
    {
        var domain = $"shop-{Guid.NewGuid():N}.myshopify.com";
        var token = $"shpat_{Guid.NewGuid():N}";
        var state = Simulator.AddShop(new ShopConfig(domain, token, bucketSize, restoreRate, codesPerSecond, webhookSecret, webhookUrl));
        return (new ShopifyShop(domain, token), state);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
