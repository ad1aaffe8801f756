using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Infra.Webhooks;

/// <summary>Outgoing webhook settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Lets subscriptions use http to a loopback host and lets deliveries reach loopback addresses. For local runs and
    /// tests only; off in production, where a loopback address is refused like any private one.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>How long one attempt may take, connect to last byte.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delays between attempts; empty takes the default schedule (about 24 h in all).</summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>How much of a receiver's answer the delivery log keeps.</summary>
    [Range(0, 4096)]
    public int MaxLoggedBodyChars { get; set; } = 1024;
}
