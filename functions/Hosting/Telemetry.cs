using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PromoServerless.Functions.Hosting;

public static class Telemetry
{
    /// <summary>
    /// The worker's logs, traces (each invocation, its Shopify, storage and SMTP calls) and metrics through
    /// OpenTelemetry, sent to Application Insights by the Azure Monitor exporter where the app has its connection
    /// string, or to any OTLP endpoint. host.json's <c>telemetryMode</c> makes the host do the same, so one trace
    /// covers the host's invocation and the worker's work.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var telemetry = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry
                .WithTracing(t => t.AddAzureMonitorTraceExporter())
                .WithMetrics(m => m.AddAzureMonitorMetricExporter())
                .WithLogging(l => l.AddAzureMonitorLogExporter());
        }

        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
