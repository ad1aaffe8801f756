using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>What to send: to whom, with which template (null: the brand's of <see cref="Kind"/>), when (null: now), and who asked.</summary>
public sealed record EmailSendOrder(BrandId Brand, OfferId Offer, RecipientChoice Choice, EmailTemplate? Template, DateTimeOffset? SendAt, string Origin)
{
    /// <summary>The email this is: a code operation's recipients hear of that change, any other choice gets the code email.</summary>
    public NotificationKind Kind => Choice is RecipientChoice.Operation operation ? operation.Kind : NotificationKind.CodeReady;
}

/// <summary>
/// Stores a send as asked, without looking any recipient up (the orchestration plans them): the template in force
/// (copied, so a template edited later leaves the send as it was) and
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

        var template = order.Template ?? (await templates.GetBrandTemplateAsync(order.Brand, order.Kind, cancellationToken))?.Template ?? NotificationTemplates.For(order.Kind);
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
