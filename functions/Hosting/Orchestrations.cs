using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// The Durable client the HTTP function was given (<c>[DurableClient]</c>), for the API operation it runs.
/// Handlers take it as a parameter, like <see cref="Access.CurrentBrand"/>.
/// </summary>
public sealed class Orchestrations(DurableTaskClient client)
{
    public DurableTaskClient Client => client;

    public static ValueTask<Orchestrations?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Features.Get<DurableTaskClient>() is { } client ? new Orchestrations(client) : null);

    /// <summary>
    /// Schedules <paramref name="instanceId"/> unless an instance with that id exists. The local engine would
    /// start a running instance over again, so the look-up is what keeps a retried request from doing so; callers
    /// still decide, under an ETag or a conditional insert, which of two concurrent requests may start it.
    /// </summary>
    public async Task<bool> StartOnceAsync(TaskName orchestrator, string instanceId, object? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId, startAt), cancellationToken);
        return true;
    }
}
