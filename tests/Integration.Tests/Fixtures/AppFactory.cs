using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// The real functions app on a real loopback port (Kestrel, not the in-memory test server), so its local
/// trigger host posts invocations over HTTP exactly as it does in a local run.
/// </summary>
public sealed class AppFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<PromoServerless.Functions.FunctionsEntryPoint>
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    public static Dictionary<string, string?> BaseSettings(string storageConnectionString, string namePrefix) => new()
    {
        ["Storage:ConnectionString"] = storageConnectionString,
        ["Storage:NamePrefix"] = namePrefix,
        ["Operator:ApiKey"] = OperatorKey,
        ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["LocalTriggers:TimersEnabled"] = "false",
        ["LocalTriggers:MaxPollingInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Warning",
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
