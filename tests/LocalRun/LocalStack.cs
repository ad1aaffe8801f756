using System.Net.Sockets;
using System.Security.Cryptography;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.LocalRun;

/// <summary>
/// Everything the product needs, on this machine: Azurite, MailDev, the Shopify simulator and the functions
/// app with its local trigger host. Well-known ports are used when free, so the printed URLs stay the same.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string OperatorKey = "local-operator-key-change-me-0123456789";

    private LocalStack(AzuriteServer azurite, MailDevServer mailDev, ShopifySimulatorHost simulator, FunctionsAppProcess app)
    {
        Azurite = azurite;
        MailDev = mailDev;
        Simulator = simulator;
        App = app;
    }

    public AzuriteServer Azurite { get; }

    public MailDevServer MailDev { get; }

    public ShopifySimulatorHost Simulator { get; }

    public FunctionsAppProcess App { get; }

    public static async Task<LocalStack> StartAsync()
    {
        var started = new Stack<IAsyncDisposable>();
        try
        {
            var azurite = await AzuriteServer.StartAsync(firstPort: PortOrFree(10000, 3));
            started.Push(azurite);
            var mailDev = await MailDevServer.StartAsync(PortOrFree(1025), PortOrFree(1080));
            started.Push(mailDev);
            var simulator = await ShopifySimulatorHost.StartAsync(port: PortOrFree(5123));
            started.Push(simulator);
            var app = await FunctionsAppProcess.StartAsync(AppSettings(azurite, mailDev, simulator), PortOrFree(7071));
            return new LocalStack(azurite, mailDev, simulator, app);
        }
        catch
        {
            // Stop what did start, so a failed start leaves no process behind.
            while (started.TryPop(out var service))
            {
                await service.DisposeAsync();
            }

            throw;
        }
    }

    private static Dictionary<string, string?> AppSettings(AzuriteServer azurite, MailDevServer mailDev, ShopifySimulatorHost simulator) =>
        new()
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ShopifyEventsQueue"] = "shopify-events",
            ["Operator:ApiKey"] = OperatorKey,
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Shopify:EndpointTemplate"] = simulator.EndpointTemplate,
            ["Shopify:BulkPollInterval"] = "00:00:00.100",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:SecureSocketOptions"] = "None",
            ["Email:Smtp:FromAddress"] = "codes@promoserverless.local",
            ["Email:Smtp:MaxPerMinute"] = "600",
            ["Email:Smtp:MaxPerHour"] = "20000",
            ["Webhooks:AllowLoopbackHttp"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
        await MailDev.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary><paramref name="preferred"/> (and the next <paramref name="count"/> - 1) when free, else the first of a free range.</summary>
    private static int PortOrFree(int preferred, int count = 1)
    {
        if (Enumerable.Range(preferred, count).All(IsFree))
        {
            return preferred;
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = FreePort.Next();
            if (candidate + count < 65535 && Enumerable.Range(candidate, count).All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No {count} free consecutive ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
