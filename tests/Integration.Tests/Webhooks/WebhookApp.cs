using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Webhooks;

/// <summary>
/// A second instance of the app on the shared stack's tables (so the stack's brands and keys work here), with its
/// own task hub, its timers on (the event dispatcher is one), loopback receivers allowed and a retry schedule of
/// fractions of a second. Subscriptions are created through it and it runs their deliveries.
/// </summary>
public sealed class WebhookApp(StackFixture stack) : IAsyncLifetime
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(300);

    private FunctionsAppProcess? _app;

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = AppFactory.BaseSettings(stack.Azurite.ConnectionString, stack.NamePrefix);
        foreach (var (key, value) in AppFactory.ServiceSettings(stack.Simulator.EndpointTemplate, stack.MailDev.SmtpPort))
        {
            settings[key] = value;
        }

        // The stack's tables, so its brands and keys work here; its own queue and task hub, with the timers on.
        foreach (var (key, value) in LocalHostSettings.ForInstance(stack.Azurite.ConnectionString, stack.NamePrefix + "w", timers: true))
        {
            settings[key] = value;
        }

        foreach (var (key, _) in LocalHostSettings.TimersDisabled())
        {
            settings.Remove(key);
        }

        settings["Storage:NamePrefix"] = stack.NamePrefix;

        settings["Webhooks:AllowLoopbackHttp"] = "true";
        settings["Webhooks:RetryDelays:0"] = RetryDelay.ToString();
        settings["Webhooks:RetryDelays:1"] = RetryDelay.ToString();
        var port = FreePort.Next();
        Services = AppFactory.Services(settings);
        _app = await AppFactory.StartAsync(settings, port);
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A client of this instance with the brand's key.</summary>
    public HttpClient Client(TestBrand brand)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-api-key", brand.ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
