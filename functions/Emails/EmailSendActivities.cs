using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>The email activities. Each may run more than once for the same input and ends in the same state.</summary>
public sealed class EmailSendActivities(
    EmailSendPlanner planner,
    EmailChunkSender chunks,
    EmailSendRecorder recorder,
    EmailSendStore store,
    SendContextLoader contexts,
    CodeBatchStore batches,
    EventPublisher events,
    IOptions<SmtpOptions> smtp,
    IOptions<EmailSendOptions> options,
    TimeProvider time,
    ILogger<EmailSendActivities> logger)
{
    [Function(EmailActivityNames.PlanEmailSend)]
    public async Task<EmailSendPlan> PlanEmailSend([ActivityTrigger] EmailSendRef input, CancellationToken cancellationToken)
    {
        var send = await planner.PlanAsync(new BrandId(input.BrandId), new EmailSendId(input.SendId), cancellationToken);
        var pacing = options.Value;
        SendRate[] rates = [new(smtp.Value.MaxPerMinute, TimeSpan.FromMinutes(1)), new(smtp.Value.MaxPerHour, TimeSpan.FromHours(1))];
        return new EmailSendPlan(send.Chunks.Count, send.SendAt, rates, pacing.ChunksPerWave, pacing.MaxAttempts, pacing.RetryDelay);
    }

    [Function(EmailActivityNames.SendEmailChunk)]
    public Task<EmailChunkResult> SendEmailChunk([ActivityTrigger] EmailChunkOrder input, CancellationToken cancellationToken) =>
        chunks.SendAsync(input, cancellationToken);

    [Function(EmailActivityNames.CompleteEmailSend)]
    public async Task<EmailSendCounts> CompleteEmailSend([ActivityTrigger] EmailSendRef input, CancellationToken cancellationToken)
    {
        var (brand, id) = (new BrandId(input.BrandId), new EmailSendId(input.SendId));
        var send = await store.UpdateAsync(brand, id, s => s.CompletedIfDone(time.GetUtcNow()), cancellationToken)
            ?? throw new InvalidOperationException($"Email send {id} is missing.");
        if (!send.IsComplete)
        {
            logger.LogWarning("Email send {SendId} ended with recipients still queued: {Counts}.", id, send.Counts);
        }

        await events.PublishAsync(brand, EventType.EmailSendCompleted, id.Value, EventData.EmailSendCompleted(send), cancellationToken);

        return send.Counts;
    }

    /// <summary>
    /// Stores and plans the send that emails a finished generation's members their codes with the brand's
    /// template, under an id derived from the batch id, so however often this runs for one batch there is one send.
    /// </summary>
    [Function(EmailOrchestrationNames.CreateBatchEmailSend)]
    public async Task<string?> CreateBatchEmailSend([ActivityTrigger] BatchEmailRequest input, CancellationToken cancellationToken)
    {
        var brand = new BrandId(input.BrandId);
        var batchId = new CodeBatchId(input.BatchId);
        var batch = (await batches.GetAsync(brand, batchId, cancellationToken))?.Value ?? throw new InvalidOperationException($"Code batch {batchId} is missing.");
        if (!batch.SendEmails)
        {
            return null;
        }

        var id = SendIdOf(batchId);
        var context = await contexts.LoadAsync(brand, batch.OfferId, cancellationToken)
            ?? throw new InvalidOperationException($"The offer {batch.OfferId} of batch {batchId} is missing.");
        var order = new EmailSendOrder(brand, batch.OfferId, new RecipientChoice.Batch(batchId), Template: null, SendAt: null, Origin: "batch:" + batchId.Value);
        await recorder.RecordAsync(id, order, context, cancellationToken);
        var counts = (await planner.PlanAsync(brand, id, cancellationToken)).Counts;
        logger.LogInformation("Batch {BatchId} emails: send {SendId} with {Total} recipients, {Skipped} skipped.", batchId, id, counts.Total, counts.Skipped);
        return counts.Total > counts.Skipped ? id.Value : null;
    }

    /// <summary>The send id a batch's emails get.</summary>
    public static EmailSendId SendIdOf(CodeBatchId batch) => EmailSendId.For("batch:" + batch.Value);
}
