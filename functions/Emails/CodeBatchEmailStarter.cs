using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Codes;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Emails a finished generation's members their codes with the brand's template. The batch id is the
/// idempotency key, so however often the pipeline calls this for one batch there is one send.
/// </summary>
public sealed class CodeBatchEmailStarter(EmailSendStarter starter, ILogger<CodeBatchEmailStarter> logger) : ICodeBatchEmailStarter
{
    public const string Operation = "email-send-batch";

    public async Task StartAsync(CodeBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.SendEmails)
        {
            return;
        }

        var key = "batch:" + batch.Id.Value;
        var order = new EmailSendOrder(
            batch.BrandId,
            batch.OfferId,
            new RecipientChoice.Batch(batch.Id),
            Template: null,
            SendAt: null,
            Operation,
            key,
            IdempotencyStore.Fingerprint(key),
            Origin: key);
        var started = await starter.StartAsync(order, cancellationToken);
        if (started is EmailSendStart.Started { Send: var send })
        {
            logger.LogInformation("Batch {BatchId} emails: send {SendId} with {Total} recipients.", batch.Id, send.Id, send.Counts.Total);
        }
        else
        {
            logger.LogWarning("Batch {BatchId} emails were not started: {Outcome}.", batch.Id, started.GetType().Name);
        }
    }
}
