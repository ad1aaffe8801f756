namespace PromoServerless.Functions.Hosting;

/// <summary>
/// The local trigger host stands in for the Functions host where it cannot run. Queue semantics come from
/// host.json (<c>extensions:queues</c>), so local runs retry and poison exactly as Azure would.
/// </summary>
public sealed class LocalTriggerOptions
{
    public const string SectionName = "LocalTriggers";

    /// <summary>Null means: on when not started by the Functions host (no FUNCTIONS_CUSTOMHANDLER_PORT).</summary>
    public bool? Enabled { get; set; }

    public bool TimersEnabled { get; set; } = true;

    /// <summary>Base address to post invocations to; empty uses the first address the app listens on.</summary>
    public Uri? SelfUrl { get; set; }

    /// <summary>How long a received message stays invisible while it is processed; renewed at half time.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The queue settings the Functions host reads from host.json.</summary>
public sealed class HostQueueOptions
{
    public const string SectionName = "extensions:queues";

    public int BatchSize { get; set; } = 16;

    /// <summary>When this few messages are still running, the next batch is fetched (the host's default is half the batch size).</summary>
    public int NewBatchThreshold { get; set; } = 8;

    public int MaxDequeueCount { get; set; } = 5;

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;
}
