namespace PromoServerless.ShopifySimulator;

/// <summary>How the simulator behaves as a whole; each shop has its own <see cref="ShopConfig"/>.</summary>
public sealed record SimulatorSettings
{
    /// <summary>Clock for buckets, dates and bulk jobs.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Validate every document against the Admin schema, like Shopify does (costs a few ms per request).</summary>
    public bool ValidateDocuments { get; init; } = true;

    /// <summary>Shopify refuses a single query whose requested cost is above this.</summary>
    public int MaxQueryCost { get; init; } = 1000;

    /// <summary>Write ASP.NET Core logs to the console (off by default so test output stays readable).</summary>
    public bool EnableLogging { get; init; }

    /// <summary>Shops created at start-up.</summary>
    public IReadOnlyList<ShopConfig> Shops { get; init; } = [];
}

/// <summary>
/// One simulated store: its domain (the first path segment of requests), the app's token, the plan's cost bucket,
/// the rate its bulk jobs import codes at, and where its webhooks go (loopback only) signed with which secret.
/// </summary>
public sealed record ShopConfig(
    string Domain,
    string AccessToken,
    double BucketSize = 2000,
    double RestoreRate = 100,
    double CodesPerSecond = 1000,
    string WebhookSecret = "webhook-secret",
    string? WebhookUrl = null,
    string Currency = "USD");
