using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Infra.Shopify;

/// <summary>Settings of the Shopify Admin GraphQL client (configuration section <c>Shopify</c>).</summary>
public sealed class ShopifyOptions
{
    public const string SectionName = "Shopify";

    /// <summary>Admin API version every document is written against.</summary>
    [Required]
    [RegularExpression(@"^\d{4}-\d{2}$")]
    public string ApiVersion { get; set; } = "2026-01";

    /// <summary>
    /// Where requests go; <c>{shop}</c> is replaced by the shop domain and <c>{version}</c> by <see cref="ApiVersion"/>.
    /// Tests and local runs point it at the simulator, e.g. <c>http://127.0.0.1:5123/{shop}/admin/api/{version}/graphql.json</c>.
    /// </summary>
    [Required]
    public string EndpointTemplate { get; set; } = "https://{shop}/admin/api/{version}/graphql.json";

    /// <summary>Time allowed for one HTTP attempt before it counts as timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for one operation including its retries and waits for the cost bucket.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a request is re-sent after THROTTLED, 429, 5xx or (for reads) a transport failure.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>First back-off delay; each retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Interval between polls of an asynchronous bulk job.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BulkPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait for a bulk job before giving up on it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan BulkJobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times a mutation whose outcome was unknown is checked by reading before it is reported as failed.</summary>
    [Range(1, 20)]
    public int OutcomeCheckAttempts { get; set; } = 5;

    internal Uri BuildEndpoint(string shopDomain) =>
        new(EndpointTemplate
            .Replace("{shop}", Uri.EscapeDataString(shopDomain), StringComparison.Ordinal)
            .Replace("{version}", ApiVersion, StringComparison.Ordinal));
}
