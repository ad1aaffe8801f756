using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;
using PromoServerless.Infra.Webhooks;

namespace PromoServerless.Functions.Webhooks;

public static class WebhookServices
{
    /// <summary>Event publishing, subscriptions and their delivery (section <c>Webhooks</c>, validated at start-up).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelays.All(d => d > TimeSpan.Zero), $"{WebhookOptions.SectionName}:{nameof(WebhookOptions.RetryDelays)} must all be positive.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSubscriptionStore>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<OutgoingEventStore>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<SubscriptionCreator>();
        services.AddSingleton<WebhookSender>();
        WebhookSender.AddClient(services);
        return services;
    }
}
