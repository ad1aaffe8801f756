using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Enqueues one <c>email-send</c> message per recipient still queued, then marks the send dispatched and
/// drops it from the due index. Safe to repeat at any point: a second message for a recipient finds it
/// finished (or claimed) and sends nothing.
/// </summary>
public sealed class EmailSendDispatcher(EmailSendStore store, MessageQueue queue, CrashPoints crashes)
{
    public async Task DispatchAsync(EmailSend send, CancellationToken cancellationToken)
    {
        var messages = new List<EmailSendMessage>();
        await foreach (var recipient in store.GetQueuedAsync(send.BrandId, send.Id, cancellationToken))
        {
            messages.Add(EmailSendMessage.For(send, recipient));
        }

        await queue.EnqueueManyAsync(QueueNames.EmailSend, messages, cancellationToken);
        crashes.Hit("EmailSend.AfterEnqueue");
        await store.UpdateAsync(send.BrandId, send.Id, s => s.MarkDispatched(), cancellationToken);
        await store.RemoveDueAsync(new DueEmailSend(send.BrandId, send.Id, send.DispatchDueAt), cancellationToken);
    }
}
