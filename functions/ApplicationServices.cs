using Microsoft.AspNetCore.Http.Json;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Functions.Sales;
using PromoServerless.Functions.Webhooks;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions;

public static class ApplicationServices
{
    /// <summary>
    /// Everything the functions need, registered the same way under the Functions host (Program.cs) and the
    /// local host that stands in for it.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddRouting();
        services.AddProblemDetails();
        BadRequestProblems.Register(services);
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));

        // Body-binding failures throw in every environment, so BadRequestProblems names the field; otherwise
        // outside Development they end as a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton<ApiEndpoints>();

        // The OpenAPI generator reads the application's endpoint data source: make it the API's HTTP functions.
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<ApiEndpoints>().DataSource));
        services.AddSingleton<ApiPipeline>();
        services.AddScoped<InvocationDurableClient>();
        services.AddScoped(sp => sp.GetRequiredService<InvocationDurableClient>().Client
            ?? throw new InvalidOperationException("This function declares no [DurableClient] binding."));
        services.AddApiKeyAccess();
        services.AddApiDocuments();

        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(o =>
            {
                o.ConnectionString ??= NullIfEmpty(configuration["AzureWebJobsStorage"]);
                o.ShopifyEventsQueue = configuration[Infra.Queues.QueueNames.ShopifyEventsSetting] ?? string.Empty;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

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
        services.AddSalesTracking(configuration);
        services.AddAutomation();
        services.AddWebhooks(configuration);

        return builder;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
