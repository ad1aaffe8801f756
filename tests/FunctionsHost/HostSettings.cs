using System.Globalization;
using System.Net;
using System.Text.Json;
using PromoServerless.FunctionsHost.Functions;
using PromoServerless.FunctionsHost.Workers;

namespace PromoServerless.FunctionsHost;

/// <summary>
/// The host's configuration, layered as the Functions host layers it: the app's <c>host.json</c> under
/// <c>AzureFunctionsJobHost</c>, this host's local defaults over it, the app's <c>local.settings.json</c> values (as
/// <c>func start</c> reads them), then environment variables (so <c>AzureFunctionsJobHost__…</c> overrides host.json)
/// and the command line. The worker gets the same app settings as environment variables.
/// </summary>
internal sealed class HostSettings
{
    /// <summary>Largest message either side of the worker protocol takes, as the Functions host sets it.</summary>
    public const int MaxMessageLength = int.MaxValue;

    private const string JobHostSection = "AzureFunctionsJobHost";

    /// <summary>
    /// Local values over host.json's, so a killed process resumes soon: an activity message a dead process held comes
    /// back after 10 s, and an idle hub is polled every second. (The Durable extension refuses a control-queue
    /// visibility under one minute, so orchestration messages a dead host held still take that long, as in Azure.)
    /// One app uses a hub here, so no app lease is taken.
    /// </summary>
    private static readonly Dictionary<string, string?> LocalDefaults = new()
    {
        [$"{JobHostSection}:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:00:10",
        [$"{JobHostSection}:extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:01",
        [$"{JobHostSection}:extensions:durableTask:useAppLease"] = "false",
    };

    private readonly IReadOnlyDictionary<string, string> _appSettings;

    private HostSettings(IConfiguration configuration, string appDirectory, IReadOnlyDictionary<string, string> appSettings)
    {
        Configuration = configuration;
        AppDirectory = appDirectory;
        _appSettings = appSettings;
    }

    public IConfiguration Configuration { get; }

    public string AppDirectory { get; }

    public string EnvironmentName => Configuration["AZURE_FUNCTIONS_ENVIRONMENT"] ?? Configuration["environment"] ?? Environments.Production;

    public string Urls => Configuration["urls"] ?? "http://127.0.0.1:7071";

    /// <summary>Where the host answers HTTP (<c>--urls</c>, default the port <c>func start</c> uses).</summary>
    public IReadOnlyList<IPEndPoint> PublicEndpoints => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(url =>
    {
        var uri = new Uri(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal));
        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
        return new IPEndPoint(address, uri.Port);
    }).ToArray();

    public Uri PublicUri => new($"http://{(PublicEndpoints[0].Address.Equals(IPAddress.Any) ? IPAddress.Loopback : PublicEndpoints[0].Address)}:{PublicEndpoints[0].Port}/");

    public string RoutePrefix => Configuration[$"{JobHostSection}:extensions:http:routePrefix"] ?? "api";

    /// <summary>For crash tests: the chance the worker is killed just before or after each activity.</summary>
    public double CrashProbability => Configuration.GetValue<double?>("LocalHost:CrashProbability") ?? 0;

    public static HostSettings Load(string[] args)
    {
        var early = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var appDirectory = Path.GetFullPath(early["LocalHost:AppDirectory"] ?? DefaultAppDirectory());
        if (!File.Exists(Path.Combine(appDirectory, "worker.config.json")))
        {
            throw new InvalidOperationException($"{appDirectory} holds no worker.config.json: build the functions app first, or point LocalHost:AppDirectory at its build output.");
        }

        var appSettings = LocalSettings(appDirectory);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(appDirectory, "host.json"), optional: false)
            .Build();
        var layered = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>($"{JobHostSection}:{p.Key}", p.Value)))
            .AddInMemoryCollection(LocalDefaults)
            .AddInMemoryCollection(appSettings.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsConfigurationSection"] = JobHostSection })
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

        // The Durable extension reads the worker runtime from the environment, as it is an app setting in Azure.
        Environment.SetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME", WorkerRuntime(appDirectory));
        return new HostSettings(layered, appDirectory, appSettings);
    }

    public WorkerStartInfo WorkerStart()
    {
        var environment = new Dictionary<string, string>(_appSettings)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = WorkerRuntime(AppDirectory),
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = AppDirectory,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = EnvironmentName,
        };
        return new WorkerStartInfo(AppDirectory, AppExtensions.WorkerPath(AppDirectory), environment, MaxMessageLength);
    }

    /// <summary>The functions app's build output beside this host's, in the same configuration.</summary>
    private static string DefaultAppDirectory()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Debug";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PromoServerless.sln")))
            {
                return Path.Combine(dir.FullName, "functions", "bin", configuration, here.Name);
            }
        }

        throw new InvalidOperationException("Set LocalHost:AppDirectory: the functions app's build output was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The <c>Values</c> of the app's <c>local.settings.json</c>, when there is one.</summary>
    private static Dictionary<string, string> LocalSettings(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (!File.Exists(path))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("Values", out var values)
            ? values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : [];
    }

    private static string WorkerRuntime(string appDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        return document.RootElement.GetProperty("description").GetProperty("language").GetString() ?? "dotnet-isolated";
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AppDirectory} ({EnvironmentName})");
}
