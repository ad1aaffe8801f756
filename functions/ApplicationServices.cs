using Microsoft.AspNetCore.Http.Json;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OpenTelemetry.Metrics;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions;

public static class ApplicationServices
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestProblems>();
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.AddApiKeyAccess();
        services.AddApiDocuments();

        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(o => o.ConnectionString ??= NullIfEmpty(configuration["AzureWebJobsStorage"]))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<CrashPointOptions>().Bind(configuration.GetSection(CrashPointOptions.SectionName));
        services.AddSingleton<CrashPoints>();
        services.AddSingleton<StorageClients>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<MessageQueue>();
        services.AddSingleton<BrandStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<OfferStore>();
        services.AddSingleton<MemberStore>();
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<TakenCodeLookup>();
        services.AddSingleton<Members.MemberImporter>();
        services.AddSingleton<Projects.ProjectMembershipChanges>();
        services.AddSingleton<ISecretStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SecretsOptions>>().Value;
            return options.KeyVaultUri is null
                ? ActivatorUtilities.CreateInstance<TableSecretStore>(sp)
                : new KeyVaultSecretStore(new SecretClient(options.KeyVaultUri, sp.GetRequiredService<StorageClients>().Credential));
        });

        services.AddCodeGeneration();
        services.AddShopifyAdminClient(configuration);
        services.AddEmailSending(configuration);
        services.AddEmailSends();

        services.AddOpenTelemetry()
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
