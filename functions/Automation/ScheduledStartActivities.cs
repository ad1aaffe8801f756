using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Automation;

public static class ScheduledStartNames
{
    /// <summary>Activity; input <see cref="CodeBatchRef"/>; output true when the scheduled batch now runs, false when it was cancelled.</summary>
    public const string BeginScheduledCodeBatch = nameof(BeginScheduledCodeBatch);

    /// <summary>Activity; input <see cref="EmailSendRef"/>; output true when the scheduled send now goes out, false when it was cancelled.</summary>
    public const string BeginScheduledEmailSend = nameof(BeginScheduledEmailSend);
}

/// <summary>Begins scheduled work whose time came, under the row's ETag, unless a cancel request got there first. Idempotent.</summary>
public sealed class ScheduledStartActivities(CodeBatchStore batches, EmailSendStore sends, TimeProvider time)
{
    [Function(ScheduledStartNames.BeginScheduledCodeBatch)]
    public async Task<bool> BeginScheduledCodeBatch([ActivityTrigger] CodeBatchRef batch, CancellationToken cancellationToken)
    {
        var begun = await batches.UpdateAsync(new BrandId(batch.BrandId), new CodeBatchId(batch.BatchId), b => b.Begin(), cancellationToken)
            ?? throw new InvalidOperationException($"Batch {batch.BatchId} is missing.");
        return begun.Status != CodeBatchStatus.Cancelled;
    }

    [Function(ScheduledStartNames.BeginScheduledEmailSend)]
    public async Task<bool> BeginScheduledEmailSend([ActivityTrigger] EmailSendRef send, CancellationToken cancellationToken)
    {
        var begun = await sends.UpdateAsync(new BrandId(send.BrandId), new EmailSendId(send.SendId), s => s.Begin(time.GetUtcNow()), cancellationToken)
            ?? throw new InvalidOperationException($"Email send {send.SendId} is missing.");
        return begun.CancelledAt is null;
    }
}
