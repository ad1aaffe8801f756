using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>What to send: to whom, with which template (null: the brand's), when (null: now), and who asked.</summary>
public sealed record EmailSendOrder(BrandId Brand, OfferId Offer, RecipientChoice Choice, EmailTemplate? Template, DateTimeOffset? SendAt, string Origin);

/// <summary>
/// Stores a send as asked, without looking any recipient up (the orchestration plans them): the template and
/// the named member ids first, the send row last, so a send row always has what its planning reads. Storing
/// the same id again returns the stored send.
/// </summary>
public sealed class EmailSendRecorder(TemplateStore templates, EmailSendStore store, TimeProvider time)
{
    public async Task<EmailSend> RecordAsync(EmailSendId id, EmailSendOrder order, SendContext context, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(order.Brand, id, cancellationToken) is { } existing)
        {
            return existing.Value;
        }

        var template = order.Template ?? (await templates.GetBrandTemplateAsync(order.Brand, cancellationToken))?.Template ?? EmailTemplate.Default;
        var members = order.Choice is RecipientChoice.Members named ? store.SaveRequestedMembersAsync(order.Brand, id, named.Ids, cancellationToken) : Task.CompletedTask;
        await Task.WhenAll(templates.SaveSendTemplateAsync(order.Brand, id, template, cancellationToken), members);

        var send = EmailSend.Request(id, order.Brand, order.Offer, context.Offer, context.Brand, context.Sender, RecipientSelection.From(order.Choice), order.SendAt, order.Origin, time.GetUtcNow());
        if ((await store.InsertAsync(send, cancellationToken)).IsOk)
        {
            return send;
        }

        // A concurrent retry with the same id stored it first.
        return (await store.GetAsync(order.Brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Email send {id} vanished.");
    }
}
