using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

public static class SalesServices
{
    public static IServiceCollection AddSalesTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SalesOptions>().Bind(configuration.GetSection(SalesOptions.SectionName));
        services.AddSingleton<WebhookShops>();
        services.AddSingleton<WebhookReceiptStore>();
        services.AddSingleton<WebhookPayloads>();
        services.AddSingleton<ConversionStore>();
        services.AddSingleton<CodeAttributor>();
        services.AddSingleton<OrderLineCollections>();
        services.AddSingleton<SalesNotifications>();
        services.AddSingleton<OrderEventProcessor>();
        services.AddSingleton<ConversionReviews>();
        services.AddSingleton<PayoutStore>();
        services.AddSingleton<PayoutDesk>();
        services.AddTransient<ShopifyReconciler>();
        return services;
    }
}
