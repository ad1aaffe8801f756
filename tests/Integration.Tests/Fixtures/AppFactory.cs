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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
