using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// The real services, each started once per test run however many fixtures ask for it. The stack fixture
/// stops them when the assembly's tests are done.
/// </summary>
public static class SharedServices
{
    private static readonly Lazy<Task<AzuriteServer>> AzuriteStart = new(() => AzuriteServer.StartAsync());
    private static readonly Lazy<Task<MailDevServer>> MailDevStart = new(() => MailDevServer.StartAsync());
    private static readonly Lazy<Task<ShopifySimulatorHost>> SimulatorStart = new(() => ShopifySimulatorHost.StartAsync());

    public static Task<AzuriteServer> Azurite => AzuriteStart.Value;

    public static Task<MailDevServer> MailDev => MailDevStart.Value;

    public static Task<ShopifySimulatorHost> Simulator => SimulatorStart.Value;

    public static async ValueTask StopAsync()
    {
        if (SimulatorStart.IsValueCreated)
        {
            await (await SimulatorStart.Value).DisposeAsync();
        }

        if (MailDevStart.IsValueCreated)
        {
            await (await MailDevStart.Value).DisposeAsync();
        }

        if (AzuriteStart.IsValueCreated)
        {
            await (await AzuriteStart.Value).DisposeAsync();
        }
    }
}
