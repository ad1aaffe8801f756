using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Automation;

/// <summary>A member's stage in a project after a membership request.</summary>
public sealed record EnteredStage(MemberId MemberId, WorkflowStage Stage);

/// <summary>
/// Reacts to members reaching project stages: for every active offer with a trigger on the project whose stage the
/// member has reached, records the member once per offer and makes sure the trigger's window is open and its
/// orchestration runs. The window, not this request, creates the codes, so many members moving at once share one
/// generation. Members already recorded (the stage set twice, a retried request) change nothing, except that a
/// member still waiting makes sure a window runs for them.
/// </summary>
public sealed class StageTriggerDispatcher(OfferStore offers, StageTriggerStore triggers, IOptions<AutomationOptions> options, TimeProvider time)
{
    private const int OffersPerPage = 100;

    public async Task DispatchAsync(BrandId brand, ProjectId project, IReadOnlyList<EnteredStage> entered, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (entered.Count == 0)
        {
            return;
        }

        await foreach (var offer in ActiveOffersWithTriggersAsync(brand, project, cancellationToken))
        {
            foreach (var trigger in offer.Definition.StageTriggers.Where(t => t.ProjectId == project))
            {
                var reached = entered.Where(e => trigger.IsReachedBy(e.Stage)).Select(e => e.MemberId).ToArray();
                if (reached.Length > 0)
                {
                    await TriggerAsync(offer, trigger, reached, durable, cancellationToken);
                }
            }
        }
    }

    /// <summary>Records the members; those not yet given a code in this offer wait for a window (newly opened or open already).</summary>
    private async Task TriggerAsync(Offer offer, StageTrigger trigger, IReadOnlyCollection<MemberId> members, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var waiting = await triggers.RecordAsync(offer.BrandId, offer.Id, trigger.Key, members, now, cancellationToken);
        if (waiting.Count == 0)
        {
            return;
        }

        var (window, opened) = await triggers.OpenWindowAsync(offer.BrandId, offer.Id, trigger.Key, CodeBatchId.New(), now, cancellationToken);
        if (opened || window.MayBeOrphaned(now))
        {
            var input = new StageWindowRef(offer.BrandId.Value, offer.Id.Value, trigger.Key, window.WindowId.Value, options.Value.StageTriggerWindow);
            await durable.StartOnceAsync(StageTriggerNames.StageTriggerWindow, StageTriggerNames.InstanceId(window.WindowId.Value), input, startAt: null, cancellationToken);
        }
    }

    private async IAsyncEnumerable<Offer> ActiveOffersWithTriggersAsync(BrandId brand, ProjectId project, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await offers.ListAsync(brand, OfferStatus.Active, OffersPerPage, continuation, cancellationToken);
            foreach (var offer in page.Items.Select(s => s.Value).Where(o => o.Definition.StageTriggers.Any(t => t.ProjectId == project)))
            {
                yield return offer;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }
}
