using System.Net.Http.Json;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

[assembly: AssemblyFixture(typeof(PromoServerless.Integration.Tests.Fixtures.StackFixture))]

namespace PromoServerless.Integration.Tests.Fixtures;

/// <summary>
/// Starts the real services once for the whole test assembly: Azurite, MailDev and the Shopify simulator on free
/// ports, and the functions app under the local functions host on a free port. Tests isolate themselves by creating their own brand, never by restarting services.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private AzuriteServer? _azurite;
    private FunctionsAppProcess? _app;

    public AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    public MailDevServer MailDev { get; private set; } = null!;

    public MailDevClient Mail { get; private set; } = null!;

    public ShopifySimulatorHost Simulator { get; private set; } = null!;

    public FunctionsAppProcess App => _app ?? throw new InvalidOperationException("Not started.");

    /// <summary>The app's services over the same storage and settings, for tests that read or write state directly.</summary>
    public IServiceProvider Services { get; private set; } = null!;

    /// <summary>The settings the app runs with (tests that start another instance start from these).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public Uri AppUri { get; private set; } = null!;

    public string NamePrefix { get; } = "t" + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        var azurite = SharedServices.Azurite;
        var mailDev = SharedServices.MailDev;
        var simulator = SharedServices.Simulator;
        _azurite = await azurite;
        MailDev = await mailDev;
        Mail = new MailDevClient(MailDev.WebUri);
        Simulator = await simulator;
        var port = FreePort.Next();
        var settings = AppFactory.BaseSettings(_azurite.ConnectionString, NamePrefix);
        foreach (var (key, value) in AppFactory.ServiceSettings(Simulator.EndpointTemplate, MailDev.SmtpPort))
        {
            settings[key] = value;
        }

        Settings = settings;
        Services = AppFactory.Services(settings);
        _app = await AppFactory.StartAsync(settings, port);
        AppUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = AppUri, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public HttpClient CreateOperatorClient() => CreateClient(AppFactory.OperatorKey);

    /// <summary>Creates a fresh brand with its own key, so a test sees only what it wrote.</summary>
    public async Task<TestBrand> CreateBrandAsync(IReadOnlyList<string>? scopes = null, string? shopDomain = null)
    {
        using var operatorClient = CreateOperatorClient();
        var shop = shopDomain ?? $"shop-{Guid.NewGuid():N}.myshopify.com";
        var token = "shpat_" + Guid.NewGuid().ToString("N");
        var webhookSecret = "whsec_" + Guid.NewGuid().ToString("N");
        var shopState = Simulator.AddShop(new ShopConfig(shop, token, CodesPerSecond: 5000, WebhookSecret: webhookSecret, WebhookUrl: new Uri(AppUri, "api/webhooks/shopify").ToString()));
        var brandResponse = await operatorClient.PostAsJsonAsync("api/v1/brands", new
        {
            name = "Brand " + shop,
            shopDomain = shop,
            shopifyAccessToken = token,
            shopifyWebhookSecret = webhookSecret,
            currency = "USD",
            timeZone = "America/New_York",
            locale = "en-US",
            senderAddress = "team@brand.example",
        });
        brandResponse.EnsureSuccessStatusCode();
        var brand = (await brandResponse.Content.ReadFromJsonAsync<BrandBody>())!;
        var keyResponse = await operatorClient.PostAsJsonAsync($"api/v1/brands/{brand.Id}/api-keys", new { name = "tests", scopes });
        keyResponse.EnsureSuccessStatusCode();
        var key = (await keyResponse.Content.ReadFromJsonAsync<KeyBody>())!;
        return new TestBrand(brand.Id, shop, key.Key, CreateClient(key.Key), shopState);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
        finally
        {
            // The services are stopped even when the app fails to shut down, so no process outlives the run.
            Mail?.Dispose();
            await SharedServices.StopAsync();
        }
    }

    private sealed record BrandBody(string Id);

    private sealed record KeyBody(string Key);
}

public sealed record TestBrand(string Id, string ShopDomain, string ApiKey, HttpClient Client, ShopState Shop) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
