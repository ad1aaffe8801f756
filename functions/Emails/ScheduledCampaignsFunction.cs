using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// <c>ScheduledCampaigns</c> (timer, every minute): dispatches the email sends that are due, both those
/// scheduled with <c>sendAt</c> and immediate ones whose API call stopped before dispatching. Running it twice
/// is harmless: dispatching again only enqueues messages that find their recipients finished.
/// </summary>
public sealed class ScheduledCampaignsFunction(EmailSendStore store, EmailSendDispatcher dispatcher, TimeProvider time, ILogger<ScheduledCampaignsFunction> logger) : ITimerFunction
{
    /// <summary>Sends handled per run; the rest wait for the next minute.</summary>
    public const int MaxSendsPerRun = 200;

    /// <summary>A due entry whose send row never appeared (the API stopped before writing it, and was not retried) is dropped after this.</summary>
    public static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(15);

    public async Task HandleAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var due in await store.GetDueAsync(now, MaxSendsPerRun, cancellationToken))
        {
            var send = await store.GetAsync(due.BrandId, due.SendId, cancellationToken);
            if (send is null)
            {
                if (now - due.DueAt > OrphanAfter)
                {
                    await store.RemoveDueAsync(due, cancellationToken);
                }

                continue;
            }

            if (send.Value.Dispatched || send.Value.IsComplete)
            {
                await store.RemoveDueAsync(due, cancellationToken);
                continue;
            }

            logger.LogInformation("Dispatching email send {SendId} of brand {BrandId}, due at {DueAt}.", due.SendId, due.BrandId, due.DueAt);
            await dispatcher.DispatchAsync(send.Value, cancellationToken);
        }
    }
}
