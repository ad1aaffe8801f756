using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using PromoServerless.Functions;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// The real functions app under the local functions host, on a real loopback port, in the Production environment
/// it is deployed with: the host as its own process running the worker as its own, HTTP forwarded to the worker,
/// orchestrations and activities run by the Durable extension on Azurite.
/// </summary>
public static class AppFactory
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    public static Dictionary<string, string?> BaseSettings(string storageConnectionString, string namePrefix)
    {
        var settings = LocalHostSettings.ForInstance(storageConnectionString, namePrefix);
        settings["Operator:ApiKey"] = OperatorKey;
        settings["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings[LocalHostSettings.DurablePolling] = "00:00:00.500";
        settings[LocalHostSettings.QueuePolling] = "00:00:00.200";
        settings[LocalHostSettings.QueueRetryDelay] = "00:00:01";
        settings["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("PROMO_LOGLEVEL") ?? "Error";
        return settings;
    }

    /// <summary>Points the app at the Shopify simulator and MailDev, with short delays so tests stay quick.</summary>
    public static Dictionary<string, string?> ServiceSettings(string shopifyEndpointTemplate, int smtpPort) => new()
    {
        ["Shopify:EndpointTemplate"] = shopifyEndpointTemplate,
        ["Shopify:AttemptTimeout"] = "00:00:05",
        ["Shopify:TotalTimeout"] = "00:01:00",
        ["Shopify:BaseRetryDelay"] = "00:00:00.020",
        ["Shopify:MaxRetryDelay"] = "00:00:00.200",
        ["Shopify:BulkPollInterval"] = "00:00:00.020",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:SecureSocketOptions"] = "None",
        ["Email:Smtp:FromAddress"] = "codes@promoserverless.test",
        ["Email:Smtp:MaxPerMinute"] = "100000",
        ["Email:Smtp:MaxPerHour"] = "1000000",
    };

    public static Task<FunctionsAppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, int port) =>
        FunctionsAppProcess.StartAsync(settings, port);

    /// <summary>
    /// The app's services as the worker registers them, over the same storage and settings, never started: for tests
    /// that read or write state directly (stores, the application code an activity runs) beside the running app.
    /// </summary>
    public static IServiceProvider Services(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { EnvironmentName = Microsoft.Extensions.Hosting.Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddApplicationServices();
        return builder.Build().Services;
    }
}
