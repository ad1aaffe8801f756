using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PromoServerless.ShopifySimulator.GraphQL;

namespace PromoServerless.ShopifySimulator;

/// <summary>
/// Runs the simulator on Kestrel, on 127.0.0.1. Tests and benchmarks start it in-process with <see cref="StartAsync"/>
/// (a free port) and reach its state directly through <see cref="State"/>; <c>Program</c> runs the same app standalone.
/// </summary>
public sealed class ShopifySimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ShopifySimulatorHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        State = app.Services.GetRequiredService<SimulatorState>();
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    public SimulatorState State { get; }

    /// <summary>The value for the client's <c>Shopify:EndpointTemplate</c> so it talks to this simulator.</summary>
    public string EndpointTemplate => $"{BaseUri}{{shop}}/admin/api/{{version}}/graphql.json";

    public static async Task<ShopifySimulatorHost> StartAsync(SimulatorSettings? settings = null, int port = 0, CancellationToken cancellationToken = default)
    {
        var app = Build([], settings ?? new SimulatorSettings(), $"http://127.0.0.1:{port}");
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ShopifySimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Builds the simulator app; <paramref name="urls"/> is used when the command line gives none.</summary>
    public static WebApplication Build(string[] args, SimulatorSettings settings, string? urls = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        if (!settings.EnableLogging)
        {
            builder.Logging.ClearProviders();
        }

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
        });
        var state = new SimulatorState(settings);
        foreach (var shop in settings.Shops)
        {
            state.UpsertShop(shop);
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(state);
        builder.Services.AddHttpClient<WebhookSender>(c => c.Timeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.MapGet("/", () => TypedResults.Ok(new { simulator = "shopify", shops = state.Shops.Count() }));
        app.MapShopifyGraphQL();
        app.MapSimulatorControl();
        return app;
    }

    /// <summary>Creates (or reconfigures) a shop directly, without HTTP.</summary>
    public ShopState AddShop(ShopConfig config) => State.UpsertShop(config);

    public async ValueTask DisposeAsync()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            // Requests still open after the grace period are cut off; the app is disposed either way.
        }

        await _app.DisposeAsync();
    }
}
