using System.Text.Json;

namespace PromoServerless.TestStack;

/// <summary>
/// The settings that run the functions app under the local functions host the way the tests, the demo and the
/// benchmarks want it: every key is one the Functions host itself reads (host.json values through
/// <c>AzureFunctionsJobHost:…</c>, <c>AzureWebJobs.{function}.Disabled</c>), so the same keys work under <c>func start</c>.
/// </summary>
public static class LocalHostSettings
{
    public const string HubName = "AzureFunctionsJobHost:extensions:durableTask:hubName";
    public const string DurablePolling = "AzureFunctionsJobHost:extensions:durableTask:storageProvider:maxQueuePollingInterval";
    public const string ControlQueueVisibility = "AzureFunctionsJobHost:extensions:durableTask:storageProvider:controlQueueVisibilityTimeout";
    public const string ActivityVisibility = "AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout";
    public const string MaxConcurrentActivities = "AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions";
    public const string QueuePolling = "AzureFunctionsJobHost:extensions:queues:maxPollingInterval";
    public const string QueueRetryDelay = "AzureFunctionsJobHost:extensions:queues:visibilityTimeout";

    /// <summary>For crash tests: the chance the host kills its worker just before or after each activity.</summary>
    public const string CrashProbability = "LocalHost:CrashProbability";

    /// <summary>
    /// What every instance needs: its storage, and its own tables, queue and task hub under <paramref name="prefix"/>
    /// (several instances share one Azurite), with its timers off unless <paramref name="timers"/>.
    /// </summary>
    public static Dictionary<string, string?> ForInstance(string storageConnectionString, string prefix, bool timers = false, string configuration = "Debug")
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["ShopifyEventsQueue"] = prefix + "shopify-events",
            [HubName] = prefix + "hub",
        };
        if (!timers)
        {
            foreach (var (key, value) in TimersDisabled(configuration))
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>The app's build output, where the host finds the worker.</summary>
    public static string AppDirectory(string configuration = "Debug") => Path.Combine(RepositoryRoot.Path, "functions", "bin", configuration, "net10.0");

    /// <summary>Turns every timer function of the app off, as an operator would with its app setting.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> TimersDisabled(string configuration = "Debug") =>
        FunctionsOfType("timerTrigger", configuration).Select(name => new KeyValuePair<string, string?>($"AzureWebJobs.{name}.Disabled", "true"));

    /// <summary>The names of the app's functions whose trigger has the given type, from the build's functions.metadata.</summary>
    public static IReadOnlyList<string> FunctionsOfType(string triggerType, string configuration = "Debug")
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppDirectory(configuration), "functions.metadata")));
        return metadata.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => string.Equals(b.GetProperty("type").GetString(), triggerType, StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.GetProperty("name").GetString()!)
            .ToArray();
    }
}
