using Microsoft.DurableTask;

namespace PromoServerless.Functions.Hosting;

/// <summary>The orchestrators' clock and their one way to sleep until a moment.</summary>
public static class DurableTimers
{
    public static DateTimeOffset Now(TaskOrchestrationContext context) => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    /// <summary>
    /// Durable timers until <paramref name="until"/>, never ending early. The Azure Storage provider delays a timer's
    /// queue message in whole seconds, rounded down, so a timer can fire up to a second before its time: the rest is
    /// slept again, for at least a second so that delay is not rounded to nothing.
    /// </summary>
    /// <returns>True when the time came; false when <paramref name="stop"/> completed first.</returns>
    public static async Task<bool> SleepUntilAsync(TaskOrchestrationContext context, DateTimeOffset until, Task? stop = null, CancellationToken cancellationToken = default)
    {
        while (Now(context) < until)
        {
            var left = until - Now(context);
            var fireAt = left < TimeSpan.FromSeconds(1) ? Now(context).AddSeconds(1) : until;
            var timer = context.CreateTimer(fireAt.UtcDateTime, cancellationToken);
            if (stop is null)
            {
                await timer;
            }
            else if (await Task.WhenAny(timer, stop) == stop)
            {
                return false;
            }
        }

        return true;
    }
}
