using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Automation;

/// <summary>
/// Closes a trigger window and turns its waiting members into one stored, queued generation batch whose id is the
/// window id, the way <c>POST /offers/{id}/code-batches</c> stores one (draft first, then the batch row). Run again,
/// it finds the batch and answers it; a crash before the batch row is written claims again and rewrites the draft.
/// </summary>
public sealed class StageTriggerBatches(StageTriggerStore triggers, OfferStore offers, CodeBatchStore batches, CodeBatchFiles files, TimeProvider time)
{
    public async Task<string?> CloseAsync(StageWindowRef window, CancellationToken cancellationToken)
    {
        var brand = new BrandId(window.BrandId);
        var offerId = new OfferId(window.OfferId);
        var batchId = new CodeBatchId(window.WindowId);

        // Closing first: a request that still saw the window open recorded its members before this, so the claim below sees them.
        await triggers.CloseWindowAsync(brand, offerId, window.TriggerKey, batchId, cancellationToken);
        if (await batches.GetAsync(brand, batchId, cancellationToken) is not null)
        {
            return batchId.Value;
        }

        var offer = (await offers.GetAsync(brand, offerId, cancellationToken))?.Value;
        var trigger = offer?.Definition.StageTriggers.FirstOrDefault(t => t.Key == window.TriggerKey);
        var now = time.GetUtcNow();
        var endsAt = trigger?.EndsFor(now);
        if (trigger is null || endsAt <= now)
        {
            return null; // the trigger was removed, or its end date passed: the members keep waiting, with no code
        }

        var members = await triggers.ClaimWaitingAsync(brand, offerId, window.TriggerKey, batchId, cancellationToken);
        if (members.Count == 0)
        {
            return null;
        }

        var draft = new CodeBatchDraft
        {
            MemberIds = members.Select(m => m.Value).ToArray(),
            StartsAt = now,
            EndsAt = endsAt,
            SendEmails = trigger.SendEmail,
            PayoutOption = trigger.PayoutOptionLabel,
        };
        await files.SaveDraftAsync(brand, batchId, draft, cancellationToken);
        var batch = CodeBatch.Queue(batchId, brand, offerId, now, endsAt, trigger.SendEmail, now) with { PayoutOptionLabel = trigger.PayoutOptionLabel };
        await batches.InsertAsync(batch, cancellationToken); // a conflict is an earlier try's row: same members, same draft
        return batchId.Value;
    }
}
