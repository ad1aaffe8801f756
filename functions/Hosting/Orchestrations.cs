using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// The Durable client the function was given (<c>[DurableClient]</c>), for the API operation or timer it runs.
/// Handlers take it as a parameter, like <see cref="Access.CurrentBrand"/>.
/// </summary>
public sealed class Orchestrations(DurableTaskClient client, OrchestrationStartStore starts, TimeProvider time)
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(200);

    public DurableTaskClient Client => client;

    public static ValueTask<Orchestrations?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Features.Get<DurableTaskClient>() is { } client
            ? new Orchestrations(client, context.RequestServices.GetRequiredService<OrchestrationStartStore>(), context.RequestServices.GetRequiredService<TimeProvider>())
            : null);

    /// <summary>
    /// The one way to start an instance: schedules <paramref name="instanceId"/> unless it exists, exactly once
    /// however many requests (retries, concurrent duplicates, timers on several instances) ask at the same time.
    /// The start claim (<see cref="OrchestrationStartStore"/>) picks the request that schedules; the others wait until
    /// the instance appears, or take the claim over once it has lapsed (its holder died before scheduling). Neither
    /// engine may be asked twice: the local one would start a running instance over again, Azure's refuses it.
    /// </summary>
    /// <returns>Whether this call scheduled the instance.</returns>
    public async Task<bool> StartOnceAsync(TaskName orchestrator, string instanceId, object? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        while (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is null)
        {
            if (await starts.ClaimAsync(instanceId, cancellationToken) == StartClaim.Claimed)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId, startAt), cancellationToken);
                return true;
            }

            await Task.Delay(LookAgain, time, cancellationToken);
        }

        return false;
    }
}
