using Microsoft.DurableTask;
using PromoServerless.Domain.Automation;
using PromoServerless.Functions.Hosting;

namespace PromoServerless.Functions.Automation;

/// <summary>
/// Holds an orchestration until its scheduled time, or until a cancel request raises
/// <see cref="ScheduledStart.CancelEvent"/>, whichever comes first. The cancel request has already recorded the
/// cancellation on the work's row under its ETag before it raises the event, and the time's arrival is followed by an
/// activity that begins the work under the same ETag: the row, not the race between timer and event, decides, so
/// replays and a cancel arriving as the timer fires give one answer.
/// </summary>
public static class ScheduleGate
{
    /// <summary>True when the time came; false when a cancel arrived first.</summary>
    public static async Task<bool> WaitAsync(TaskOrchestrationContext context, DateTimeOffset until)
    {
        using var timers = new CancellationTokenSource();
        var cancelled = context.WaitForExternalEvent<string>(ScheduledStart.CancelEvent, timers.Token);
        var came = await DurableTimers.SleepUntilAsync(context, until, cancelled, timers.Token);
        timers.Cancel();
        return came;
    }
}
