using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Config;
using PromoServerless.FunctionsHost.Functions;
using PromoServerless.FunctionsHost.Http;
using PromoServerless.FunctionsHost.Workers;

namespace PromoServerless.FunctionsHost;

/// <summary>
/// A Functions host for machines where Core Tools cannot be installed. Like <c>func start</c> it starts the app's
/// worker as its own process and speaks the Functions host protocol to it over gRPC; runs the host-side extensions
/// the app's build lists (Durable Functions, queues) plus timers and HTTP on the WebJobs SDK; forwards HTTP
/// requests to the worker's own ASP.NET Core server; and restarts the worker when it dies. It knows the app only
/// through its build output (<c>worker.config.json</c>, <c>extensions.json</c>, <c>host.json</c>) and what the
/// worker reports: it never loads the app's assembly.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly IHost _jobs;
    private readonly WorkerSupervisor _workers;

    private LocalFunctionsHost(WebApplication web, IHost jobs, WorkerSupervisor workers)
    {
        _web = web;
        _jobs = jobs;
        _workers = workers;
    }

    /// <summary>The number of worker processes started so far (1 until the first one dies).</summary>
    public int WorkerStarts => _workers.Starts;

    public static async Task RunAsync(string[] args)
    {
        await using var host = await StartAsync(args);
        await host._web.WaitForShutdownAsync();
    }

    public static async Task<LocalFunctionsHost> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var settings = HostSettings.Load(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, EnvironmentName = settings.EnvironmentName, ContentRootPath = settings.AppDirectory });
        builder.Configuration.AddConfiguration(settings.Configuration);
        var grpcPort = FreeLoopbackPort();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, grpcPort, l => l.Protocols = HttpProtocols.Http2);
            foreach (var url in settings.PublicEndpoints)
            {
                kestrel.Listen(url);
            }
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = HostSettings.MaxMessageLength;
            o.MaxSendMessageSize = HostSettings.MaxMessageLength;
        });
        builder.Services.AddHttpForwarder();
        var routes = new HttpFunctionRoutes();
        var workers = new WorkerSupervisor(settings.WorkerStart(), LoggerFactory.Create(l => ConfigureLogging(l, settings.Configuration)));
        builder.Services.AddSingleton(workers);

        var web = builder.Build();
        web.MapGrpcService<FunctionRpcService>().RequireHost($"*:{grpcPort}");
        ((IEndpointRouteBuilder)web).DataSources.Add(routes);
        await web.StartAsync(cancellationToken);

        var first = await workers.StartAsync(new Uri($"http://127.0.0.1:{grpcPort}/"), cancellationToken);
        var functions = first.Functions.Values.Select(FunctionDefinition.From).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        var jobs = BuildJobHost(settings, web, workers, functions);
        await jobs.StartAsync(cancellationToken);
        routes.Publish(functions.Values, settings.RoutePrefix, jobs.Services.GetRequiredService<IJobHost>());
        return new LocalFunctionsHost(web, jobs, workers);
    }

    /// <summary>Kills the worker process (the host starts another); for crash tests.</summary>
    public void KillWorker() => _workers.KillWorker("asked to");

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _jobs.StopAsync(stopping.Token);
        _jobs.Dispose();
        await _workers.DisposeAsync();
        await _web.StopAsync(stopping.Token);
        await _web.DisposeAsync();
    }

    private static IHost BuildJobHost(HostSettings settings, WebApplication web, WorkerSupervisor workers, IReadOnlyDictionary<string, FunctionDefinition> functions)
    {
        var startups = AppExtensions.LoadStartups(settings.AppDirectory);
        var types = new FunctionTypes();
        var host = new HostBuilder()
            .UseEnvironment(settings.EnvironmentName)
            .ConfigureAppConfiguration(c => c.AddConfiguration(settings.Configuration))
            .ConfigureLogging(l => ConfigureLogging(l, settings.Configuration))
            .ConfigureWebJobs(
                (context, webJobs) =>
                {
                    webJobs.AddAzureStorageCoreServices();
                    webJobs.AddExecutionContextBinding(o => o.AppDirectory = settings.AppDirectory);
                    webJobs.AddTimers();
                    webJobs.AddHttp();
                    var startupContext = new WebJobsBuilderContext { Configuration = context.Configuration, ApplicationRootPath = settings.AppDirectory, EnvironmentName = settings.EnvironmentName };
                    foreach (var startup in startups)
                    {
                        webJobs.UseWebJobsStartup(startup, startupContext, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
                    }
                },
                o => o.AllowPartialHostStartup = false)
            .ConfigureServices(services =>
            {
                services.AddSingleton<ITypeLocator>(types);
                services.Replace(ServiceDescriptor.Singleton<Microsoft.Azure.WebJobs.Extensions.Timers.ScheduleMonitor, Timers.BlobScheduleMonitor>());
                services.AddSingleton<IWebHookProvider>(new LocalWebHooks(settings.PublicUri));
            })
            .Build();

        var metadata = host.Services.GetRequiredService<IJobHostMetadataProvider>();
        types.Add(FunctionTypeBuilder.Build(functions.Values, metadata));
        FunctionInvocations.Use(new FunctionInvocations.Runtime(
            functions,
            metadata,
            workers,
            web.Services.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(),
            new CrashInjector(settings.CrashProbability)));
        return host;
    }

    /// <summary>
    /// Log levels as the Functions host sets them: the SDKs' own chatter at Warning, then host.json's
    /// <c>logging:logLevel</c>, then the <c>Logging</c> settings (which tests and the demo use to quieten the host).
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddFilter("Azure.Core", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
        foreach (var level in configuration.GetSection("AzureFunctionsJobHost:logging:logLevel").GetChildren())
        {
            if (Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed))
            {
                logging.AddFilter(level.Key.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : level.Key, parsed);
            }
        }

        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The generated function type, handed to the WebJobs host when it starts.</summary>
    private sealed class FunctionTypes : ITypeLocator
    {
        private readonly List<Type> _types = [];

        public void Add(Type type) => _types.Add(type);

        public IReadOnlyList<Type> GetTypes() => _types;
    }

    /// <summary>Extensions' webhook addresses (<c>/runtime/webhooks/{extension}</c>), as the Functions host serves them.</summary>
    private sealed class LocalWebHooks(Uri publicUri) : IWebHookProvider
    {
        public Uri GetUrl(IExtensionConfigProvider extension) =>
            new(publicUri, "runtime/webhooks/" + extension.GetType().Name.Replace("ExtensionConfigProvider", string.Empty, StringComparison.Ordinal).Replace("Extension", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
    }
}
