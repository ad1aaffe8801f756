using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// What to send: to whom, with which template (null: the brand's), when (null: now), and the idempotency
/// key that makes a retry return the same send. <see cref="Operation"/> keeps keys of different callers apart.
/// </summary>
public sealed record EmailSendOrder(
    BrandId Brand,
    OfferId Offer,
    RecipientChoice Choice,
    EmailTemplate? Template,
    DateTimeOffset? SendAt,
    string Operation,
    string IdempotencyKey,
    string Fingerprint,
    string Origin);

public abstract record EmailSendStart
{
    private EmailSendStart()
    {
    }

    public sealed record Started(EmailSend Send) : EmailSendStart;

    public sealed record OfferNotFound : EmailSendStart;

    /// <summary>The idempotency key already started a different request.</summary>
    public sealed record KeyReused : EmailSendStart;
}

/// <summary>
/// Stores a send and dispatches it when it is due. The writes come in an order that a crash between any two
/// of them leaves recoverable: the key is claimed, the template and recipients are written (inserts, so a
/// retry keeps what an earlier attempt wrote), the send is noted in the due index, the send row is written,
/// and only then are messages enqueued. A retry with the same key, or the scheduled-campaigns timer, finishes
/// what a crashed attempt left.
/// </summary>
public sealed class EmailSendStarter(
    SendContextLoader contexts,
    IdempotencyStore idempotency,
    RecipientResolver resolver,
    TemplateStore templates,
    EmailSendStore store,
    EmailSendDispatcher dispatcher,
    CrashPoints crashes,
    TimeProvider time)
{
    public async Task<EmailSendStart> StartAsync(EmailSendOrder order, CancellationToken cancellationToken)
    {
        var context = await contexts.LoadAsync(order.Brand, order.Offer, cancellationToken);
        if (context is null)
        {
            return new EmailSendStart.OfferNotFound();
        }

        var now = time.GetUtcNow();
        var claim = await idempotency.ClaimAsync(order.Brand, order.Operation, order.IdempotencyKey, order.Fingerprint, EmailSendId.New().Value, now, cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return new EmailSendStart.KeyReused();
        }

        var id = new EmailSendId(claim.ResourceId);
        if (await store.GetAsync(order.Brand, id, cancellationToken) is { } existing)
        {
            return new EmailSendStart.Started(await DispatchIfDueAsync(existing.Value, now, cancellationToken));
        }

        var template = order.Template ?? (await templates.GetBrandTemplateAsync(order.Brand, cancellationToken))?.Template ?? EmailTemplate.Default;
        var candidates = await resolver.ResolveAsync(order.Brand, order.Offer, order.Choice, cancellationToken);
        var recipients = RecipientPlanner.Plan(candidates, context.Dates, now);
        var send = EmailSend.Start(id, order.Brand, order.Offer, context.Offer, context.Brand, context.Sender, recipients, order.SendAt, order.Origin, now);

        await templates.SaveSendTemplateAsync(order.Brand, id, template, cancellationToken);
        await store.InsertRecipientsAsync(order.Brand, id, recipients, cancellationToken);
        crashes.Hit("EmailSend.AfterRecipients");
        if (!send.IsComplete)
        {
            await store.AddDueAsync(send, cancellationToken);
        }

        if (!(await store.InsertAsync(send, cancellationToken)).IsOk)
        {
            // A concurrent retry with the same key stored it first.
            var stored = await store.GetAsync(order.Brand, id, cancellationToken) ?? throw new InvalidOperationException($"Email send {id} vanished.");
            return new EmailSendStart.Started(stored.Value);
        }

        crashes.Hit("EmailSend.BeforeDispatch");
        return new EmailSendStart.Started(await DispatchIfDueAsync(send, now, cancellationToken));
    }

    private async Task<EmailSend> DispatchIfDueAsync(EmailSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (send.Dispatched || send.IsComplete || !send.IsDue(now))
        {
            return send;
        }

        await dispatcher.DispatchAsync(send, cancellationToken);
        return send.MarkDispatched();
    }
}
