using Microsoft.DurableTask;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// The retry policies of every activity call, in one place (the typed calls next to each orchestration pick one).
/// Activities are idempotent, so Durable re-running one is always safe; the Shopify client leaves failed reads to
/// these policies inside an activity (see <c>ShopifyCallerRetries</c>) and only waits out throttling itself.
/// </summary>
public static class ActivityRetries
{
    /// <summary>
    /// Storage hiccups and Shopify answering 5xx for a while: retried for about two minutes, soon at first, since a
    /// step waiting on a retry holds up the steps after it.
    /// </summary>
    public static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(20)));

    /// <summary>
    /// A step the user resumes by sending the same request again (a code operation's chunk): a few seconds of
    /// retries, then the operation ends failed with the settled members kept.
    /// </summary>
    public static readonly TaskOptions Resumable = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    /// <summary>
    /// No Durable retry: the orchestration tries the step again itself, later and with the attempt in the input (an
    /// email chunk's last try records SMTP trouble as failures instead of throwing).
    /// </summary>
    public static TaskOptions? OrchestrationRetries => null;
}
