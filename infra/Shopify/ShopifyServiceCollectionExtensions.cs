using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace PromoServerless.Infra.Shopify;

public static class ShopifyServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IShopifyAdminClient"/> with its options (section <c>Shopify</c>, validated at start-up).
    /// The standard resilience handler keeps its timeouts and circuit breaker but does not retry: every GraphQL call is a POST,
    /// and the client's own policy knows a query from a mutation and reads the cost bucket.
    /// </summary>
    public static IServiceCollection AddShopifyAdminClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShopifyOptions>()
            .Bind(configuration.GetSection(ShopifyOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.EndpointTemplate.Contains("{shop}", StringComparison.Ordinal), $"{ShopifyOptions.SectionName}:{nameof(ShopifyOptions.EndpointTemplate)} must contain {{shop}}.")
            .Validate(o => o.TotalTimeout > o.AttemptTimeout, $"{ShopifyOptions.SectionName}:{nameof(ShopifyOptions.TotalTimeout)} must be longer than {nameof(ShopifyOptions.AttemptTimeout)}.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ShopifyCostBuckets>();
        services.TryAddTransient<IShopifyAdminClient, ShopifyAdminClient>();
        services.TryAddTransient(sp => new ReconciliationOrderReader(sp.GetRequiredService<ShopifyGraphQLTransport>()));
        services.TryAddTransient(sp => new ProductCollectionReader(sp.GetRequiredService<ShopifyGraphQLTransport>()));

        services.AddHttpClient<ShopifyGraphQLTransport>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<ShopifyOptions>>().Value.TotalTimeout)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<ShopifyOptions>>().Value;
                resilience.Retry.ShouldHandle = _ => PredicateResult.False();
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.AttemptTimeout * 2;
                resilience.CircuitBreaker.SamplingDuration = Max(TimeSpan.FromSeconds(30), options.AttemptTimeout * 2);

                // A throttled answer says the shop is busy, not broken; only server errors and transport failures count.
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null ||
                    (args.Outcome.Result is { } response && (int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented));
            })
            .SelectPipelineByAuthority();

        return services;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
