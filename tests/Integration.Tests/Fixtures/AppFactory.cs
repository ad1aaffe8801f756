using System.Security.Cryptography;
using PromoServerless.FunctionsHost;

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// The real functions app under the local functions host, on a real loopback port, in the Production
/// environment it is deployed with: HTTP functions, orchestrations on the Durable Task engine over Azurite.
/// </summary>
public static class AppFactory
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    public static Dictionary<string, string?> BaseSettings(string storageConnectionString, string namePrefix) => new()
    {
        ["Storage:ConnectionString"] = storageConnectionString,
        ["Storage:NamePrefix"] = namePrefix,
        ["Operator:ApiKey"] = OperatorKey,
        ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["LocalHost:HubName"] = namePrefix + "hub",
        ["LocalHost:TimersEnabled"] = "false",
        ["LocalHost:MaxQueuePollingInterval"] = "00:00:00.500",
        ["LocalHost:QueueMaxPollingInterval"] = "00:00:00.200",
        ["LocalHost:QueueVisibilityTimeout"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Error",
    };

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

    public static async Task<WebApplication> StartAsync(IReadOnlyDictionary<string, string?> settings, int port)
    {
        var app = LocalFunctionsHost.Build(["--urls", $"http://127.0.0.1:{port}", "--environment", "Production"], settings);
        await app.StartAsync();
        return app;
    }
}
