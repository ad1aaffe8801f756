namespace PromoServerless.FunctionsHost;

/// <summary>
/// The local host's settings (section <c>LocalHost</c>). The Durable Task values default to what suits one
/// machine: a killed process is resumed within seconds, not after the minutes Azure's defaults allow for.
/// </summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>The task hub; empty takes host.json's <c>extensions:durableTask:hubName</c>.</summary>
    public string? HubName { get; set; }

    public int? PartitionCount { get; set; }

    public int? MaxConcurrentActivities { get; set; }

    public int? MaxConcurrentOrchestrations { get; set; }

    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan LeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public bool TimersEnabled { get; set; } = true;

    public bool QueuesEnabled { get; set; } = true;

    /// <summary>How long a received queue message stays hidden while its function runs; a run that dies leaves it to reappear after this.</summary>
    public TimeSpan QueueLeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before a failed message is retried; empty takes host.json's <c>extensions:queues:visibilityTimeout</c>.</summary>
    public TimeSpan? QueueVisibilityTimeout { get; set; }

    /// <summary>The longest wait between polls of an empty queue; empty takes host.json's <c>extensions:queues:maxPollingInterval</c>.</summary>
    public TimeSpan? QueueMaxPollingInterval { get; set; }

    /// <summary>
    /// For crash tests only: the chance that the process kills itself just before or just after each activity
    /// runs, as a recycled or out-of-memory instance would die (nothing flushed, nothing acknowledged).
    /// </summary>
    public double CrashProbability { get; set; }
}
