namespace PromoServerless.Functions.Hosting;

public static class FunctionsHostingExtensions
{
    /// <summary>Set by the Functions host for a custom handler: the only port it will forward to.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>
    /// Listens where the Functions host expects, reads host.json's queue settings, and starts the local
    /// trigger host when no Functions host is present.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        // host.json is read on its own: as an app configuration source its logging section would override
        // the app's settings, which belong to the app, not to the host.
        var hostJson = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: true, reloadOnChange: false)
            .Build();

        var port = Environment.GetEnvironmentVariable(CustomHandlerPortVariable);
        var underFunctionsHost = !string.IsNullOrEmpty(port);
        if (underFunctionsHost)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.Services.Configure<HostQueueOptions>(hostJson.GetSection(HostQueueOptions.SectionName));
        builder.Services.Configure<LocalTriggerOptions>(builder.Configuration.GetSection(LocalTriggerOptions.SectionName));
        builder.Services.AddHttpClient(LocalTriggerHost.HttpClientName);
        foreach (var function in FunctionTable.All.Where(f => f.HandlerType is not null))
        {
            builder.Services.AddScoped(function.HandlerType!);
        }

        var localEnabled = builder.Configuration.GetValue<bool?>($"{LocalTriggerOptions.SectionName}:{nameof(LocalTriggerOptions.Enabled)}") ?? !underFunctionsHost;
        if (localEnabled)
        {
            builder.Services.AddHostedService<LocalTriggerHost>();
        }

        return builder;
    }
}
