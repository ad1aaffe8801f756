using Microsoft.Azure.Functions.Worker;

namespace PromoServerless.Functions.Hosting;

public static class Telemetry
{
    /// <summary>
    /// Sends the worker's logs, traces and dependency calls (Shopify, storage, SMTP) to Application Insights.
    /// The Functions host reports invocations and requests itself; this adds what happens inside them.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationInsights(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApplicationInsightsTelemetryWorkerService();
        builder.Services.ConfigureFunctionsApplicationInsights();
        return builder;
    }
}
