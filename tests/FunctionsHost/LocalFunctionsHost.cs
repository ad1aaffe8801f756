using System.Reflection;
using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;
using PromoServerless.Functions;

namespace PromoServerless.FunctionsHost;

/// <summary>
/// Stands in for <c>func start</c>: the functions app's services, its functions as functions.metadata lists
/// them, HTTP routes, timers, and orchestrations and activities on the Durable Task engine.
/// </summary>
public static class LocalFunctionsHost
{
    private static readonly string[] SupportedTriggers = ["httpTrigger", "orchestrationTrigger", "activityTrigger", "timerTrigger", "queueTrigger"];

    public static async Task RunAsync(string[] args)
    {
        await using var app = Build(args);
        await app.RunAsync();
    }

    /// <param name="settings">Settings layered over the usual configuration sources (tests pass theirs here).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // As the Functions host does, an app setting AzureFunctionsJobHost__<path> overrides host.json's value at <path>.
        var hostJson = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: false)
            .AddEnvironmentVariables("AzureFunctionsJobHost__")
            .Build();
        var assembly = typeof(ApplicationServices).Assembly;
        var functions = FunctionMetadata.Load(Path.GetDirectoryName(assembly.Location)!)
            .Select(f => new FunctionInvoker(f, f.ResolveMethod(assembly)))
            .ToArray();
        var instanceOrchestrators = functions.Where(f => f.Function.Trigger.Type == "orchestrationTrigger" && !f.Method.IsStatic).Select(f => f.Function.Name).ToArray();
        if (instanceOrchestrators.Length > 0)
        {
            // An orchestrator has no services to use (it may do no I/O), so nothing is lost by requiring static methods.
            throw new InvalidOperationException("Orchestrator functions must be static methods: " + string.Join(", ", instanceOrchestrators));
        }

        var unsupported = functions.Where(f => !SupportedTriggers.Contains(f.Function.Trigger.Type)).Select(f => $"{f.Function.Name} ({f.Function.Trigger.Type})").ToArray();
        if (unsupported.Length > 0)
        {
            throw new InvalidOperationException("The local host does not run these triggers yet: " + string.Join(", ", unsupported));
        }

        builder.AddApplicationServices();
        var options = builder.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        AddDurableTask(builder, options, hostJson, functions);
        if (options.TimersEnabled)
        {
            foreach (var timer in functions.Where(f => f.Function.Trigger.Type == "timerTrigger"))
            {
                builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerTrigger>(sp, timer));
            }
        }

        if (options.QueuesEnabled)
        {
            AddQueueTriggers(builder, options, hostJson, functions);
        }

        var app = builder.Build();
        HttpTriggers.Map(app, functions.Where(f => f.Function.Trigger.Type == "httpTrigger"), hostJson["extensions:http:routePrefix"] ?? "api");
        return app;
    }

    private static void AddQueueTriggers(WebApplicationBuilder builder, LocalHostOptions options, IConfiguration hostJson, FunctionInvoker[] functions)
    {
        var settings = QueueListenerSettings.From(hostJson, options);
        foreach (var queue in functions.Where(f => f.Function.Trigger.Type == "queueTrigger"))
        {
            var trigger = queue.Function.Trigger;
            var queueName = trigger.QueueName ?? throw new InvalidOperationException($"Queue function {queue.Function.Name} names no queue.");

            // The binding's connection names a setting holding the account; the storage name prefix (one per test run) stands in for a separate account.
            var connectionName = string.IsNullOrEmpty(trigger.Connection) ? "AzureWebJobsStorage" : trigger.Connection;
            var connection = builder.Configuration[connectionName] ?? builder.Configuration["Storage:ConnectionString"]
                ?? throw new InvalidOperationException($"Set {connectionName} (or Storage:ConnectionString): queue function {queue.Function.Name} reads its queue there.");
            var account = new Azure.Storage.Queues.QueueServiceClient(connection, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = QueueEncoding(hostJson) });
            var prefixed = (builder.Configuration["Storage:NamePrefix"] ?? string.Empty) + queueName;
            builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueTrigger>(sp, queue, account, prefixed, settings, options));
        }
    }

    private static Azure.Storage.Queues.QueueMessageEncoding QueueEncoding(IConfiguration hostJson) =>
        string.Equals(hostJson["extensions:queues:messageEncoding"], "none", StringComparison.OrdinalIgnoreCase)
            ? Azure.Storage.Queues.QueueMessageEncoding.None
            : Azure.Storage.Queues.QueueMessageEncoding.Base64;

    private static void AddDurableTask(WebApplicationBuilder builder, LocalHostOptions options, IConfiguration hostJson, FunctionInvoker[] functions)
    {
        var durable = hostJson.GetSection("extensions:durableTask");
        var connection = builder.Configuration["Storage:ConnectionString"] ?? builder.Configuration["AzureWebJobsStorage"]
            ?? throw new InvalidOperationException("Set Storage:ConnectionString (or AzureWebJobsStorage): the task hub lives in that storage account.");
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName ?? durable["hubName"] ?? "PromoServerless",
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            PartitionCount = options.PartitionCount ?? durable.GetValue<int?>("storageProvider:partitionCount") ?? 4,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseRenewInterval,
            LeaseAcquireInterval = options.LeaseAcquireInterval,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities ?? durable.GetValue<int?>("maxConcurrentActivityFunctions") ?? 10,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations ?? durable.GetValue<int?>("maxConcurrentOrchestratorFunctions") ?? 10,
        };

        // Registered first so it is started before, and stopped after, the worker that connects to it.
        var address = DurableSidecar.LoopbackAddress();
        builder.Services.AddSingleton(sp => new DurableSidecar(address, settings, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        builder.Services.AddSingleton(sp => new CrashInjector(options.CrashProbability, sp.GetRequiredService<ILogger<CrashInjector>>()));

        builder.Services.AddDurableTaskClient(b => b.UseGrpc(address).RegisterDirectly());
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(address);
            b.AddTasks(registry =>
            {
                foreach (var function in functions)
                {
                    switch (function.Function.Trigger.Type)
                    {
                        case "orchestrationTrigger":
                            registry.AddOrchestrator(function.Function.Name, () => new FunctionOrchestrator(function));
                            break;
                        case "activityTrigger":
                            registry.AddActivity(function.Function.Name, sp => new FunctionActivity(function, sp, sp.GetRequiredService<CrashInjector>()));
                            break;
                    }
                }
            });
        });
    }
}
