using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Looks a stored send's recipients up and writes them, once: each recipient emailed with their content fixed
/// now, or skipped with the reason. The rows are inserts, so planning again after a crash keeps what the first
/// try wrote (a recipient already sent is never reset), and the send takes its first plan only.
/// </summary>
public sealed class EmailSendPlanner(EmailSendStore store, SendContextLoader contexts, RecipientResolver resolver, TimeProvider time, ILogger<EmailSendPlanner> logger)
{
    public async Task<EmailSend> PlanAsync(BrandId brand, EmailSendId id, CancellationToken cancellationToken)
    {
        var send = (await store.GetAsync(brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Email send {id} is missing.");
        if (send.Planned)
        {
            return send;
        }

        var context = await contexts.LoadAsync(brand, send.OfferId, cancellationToken)
            ?? throw new InvalidOperationException($"The offer {send.OfferId} of email send {id} is missing.");
        var choice = send.Selection switch
        {
            { Source: RecipientSource.Members } => new RecipientChoice.Members(await store.GetRequestedMembersAsync(brand, id, cancellationToken)),
            { Source: RecipientSource.Batch, BatchId: { } batch } => new RecipientChoice.Batch(batch),
            { Source: RecipientSource.Operation, OperationId: { } operation } => new RecipientChoice.Operation(operation, send.Selection.Kind),
            _ => (RecipientChoice)new RecipientChoice.AllWithActiveCode(),
        };
        var now = time.GetUtcNow();
        var recipients = RecipientPlanner.Plan(await resolver.ResolveAsync(brand, send.OfferId, choice, cancellationToken), context.Dates, now, send.Selection.Kind);
        await store.InsertRecipientsAsync(brand, id, recipients, cancellationToken);
        var planned = await store.UpdateAsync(brand, id, s => s.WithRecipients(recipients, now), cancellationToken)
            ?? throw new InvalidOperationException($"Email send {id} vanished.");
        logger.LogInformation("Email send {SendId} planned: {Total} recipients, {Skipped} skipped.", id, planned.Counts.Total, planned.Counts.Skipped);
        return planned;
    }
}
