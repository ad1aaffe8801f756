using Microsoft.DurableTask;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The push of one reserved chunk, as orchestrator code (the monitor pattern): each round starts a Shopify bulk job
/// in a short activity, checks it on durable timers that grow from <see cref="FirstPoll"/> to <see cref="MaxPoll"/>
/// until it is done or <see cref="JobDeadline"/> passes, then settles it. No activity waits for Shopify's job, so a
/// waiting chunk holds no activity slot.
/// </summary>
public static class ChunkPushMonitor
{
    public static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(5);

    /// <summary>A job still running after this is settled anyway: its codes are then looked up one by one.</summary>
    public static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(10);

    private const double PollGrowth = 1.5;

    public static async Task<ChunkOutcome> PushAsync(TaskOrchestrationContext context, PushCodesRequest push)
    {
        for (var round = 0; ; round++)
        {
            var started = await context.StartCodePushAsync(new CodePushRound(push, round));
            if (started.Outcome is { } done)
            {
                return done;
            }

            await WaitForJobAsync(context, push.BrandId, started.BulkCreationId);
            if ((await context.SettleCodePushAsync(new CodePushRound(push, round))).Outcome is { } settled)
            {
                return settled;
            }
        }
    }

    /// <summary>A job whose start lost its answer cannot be polled: one wait gives it time before its codes are read.</summary>
    private static async Task WaitForJobAsync(TaskOrchestrationContext context, string brandId, string? bulkCreationId)
    {
        var deadline = context.CurrentUtcDateTime + JobDeadline;
        var wait = FirstPoll;
        do
        {
            await context.CreateTimer(wait, CancellationToken.None);
            wait = TimeSpan.FromTicks(Math.Min((long)(wait.Ticks * PollGrowth), MaxPoll.Ticks));
        }
        while (bulkCreationId is not null
            && context.CurrentUtcDateTime < deadline
            && !await context.CheckCodePushAsync(new CodePushJobRef(brandId, bulkCreationId)));
    }
}
