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
        try
        {
            await StopAsync(SimulatorStart);
        }
        finally
        {
            try
            {
                await StopAsync(MailDevStart);
            }
            finally
            {
                await StopAsync(AzuriteStart);
            }
        }
    }

    private static async ValueTask StopAsync<T>(Lazy<Task<T>> start)
        where T : IAsyncDisposable
    {
        if (start.IsValueCreated)
        {
            await (await start.Value).DisposeAsync();
        }
    }
}
