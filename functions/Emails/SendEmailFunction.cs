using Microsoft.Extensions.Options;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// <c>SendEmail</c> (queue <c>email-send</c>): sends one recipient's email and records the outcome on the
/// recipient row before the message is acknowledged. A recipient already finished is never sent again; one
/// claimed by a concurrent attempt is left to it. When the rate limit refuses, the same message goes back
/// on the queue, invisible until a permit frees up, and this invocation succeeds: the excess waits, nothing
/// is lost. Transient SMTP failures throw (the host retries); on the last try they are recorded as Failed
/// instead of leaving the recipient queued in the poison queue.
/// </summary>
public sealed class SendEmailFunction(
    EmailSendStore store,
    RecipientEmailComposer composer,
    IEmailSender sender,
    SendRateLimiter limiter,
    MessageQueue queue,
    EmailSendProgress progress,
    CrashPoints crashes,
    TimeProvider time,
    ILogger<SendEmailFunction> logger) : IQueueFunction
{
    /// <summary>How long a delivery attempt holds its recipient; longer than an SMTP exchange may take.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan MinimumDelay = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken)
    {
        var order = MessageQueue.Deserialize<EmailSendMessage>(message.Text);
        var recipient = await store.GetRecipientAsync(order.BrandId, order.SendId, order.Recipient, cancellationToken);
        if (recipient is null)
        {
            logger.LogWarning("Email send {SendId} has no recipient {MemberId}; message dropped.", order.SendId, order.MemberId);
            return;
        }

        if (recipient.Value.Status.IsTerminal)
        {
            // Finished by an earlier delivery, which may have stopped before updating the counts.
            await progress.RecordChunkAsync(order.BrandId, order.SendId, order.Chunk, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        if (recipient.Value.ClaimedUntil is { } claimedUntil && claimedUntil > now)
        {
            await RequeueAsync(order, claimedUntil - now, cancellationToken);
            return;
        }

        var send = await store.GetAsync(order.BrandId, order.SendId, cancellationToken)
            ?? throw new InvalidOperationException($"Email send {order.SendId} is missing although its recipient exists.");
        var composed = await composer.ComposeAsync(send.Value, recipient.Value, cancellationToken);
        if (composed.Email is null)
        {
            await FinishAsync(order, recipient, new RecipientStatus.Failed(composed.Problem!), cancellationToken);
            return;
        }

        var permit = limiter.TryAcquire();
        if (!permit.IsGranted)
        {
            await RequeueAsync(order, permit.RetryAfter, cancellationToken);
            return;
        }

        var claimed = await ClaimAsync(order, recipient, now, cancellationToken);
        if (claimed is null)
        {
            // Another attempt changed the row since it was read: look again shortly.
            await RequeueAsync(order, MinimumDelay, cancellationToken);
            return;
        }

        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(composed.Email, cancellationToken);
        }
        catch (TransientEmailException failure) when (message.DequeueCount >= 5)
        {
            await FinishAsync(order, claimed, new RecipientStatus.Failed($"Gave up after {message.DequeueCount} attempts: {failure.Message}"), cancellationToken);
            return;
        }
        catch (TransientEmailException)
        {
            await ReleaseAsync(order, claimed, cancellationToken);
            throw;
        }

        // The at-least-once window: the relay has the message, the row does not say so yet.
        crashes.Hit("SendEmail.AfterSmtpAccepted");
        await FinishAsync(order, claimed, result.ToRecipientStatus(time.GetUtcNow()), cancellationToken);
    }

    /// <summary>The re-enqueued copy is what will run; this invocation then succeeds and its message is deleted.</summary>
    private Task RequeueAsync(EmailSendMessage order, TimeSpan delay, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(QueueNames.EmailSend, order, cancellationToken, delay < MinimumDelay ? MinimumDelay : delay);

    private async Task<Stored<EmailRecipient>?> ClaimAsync(EmailSendMessage order, Stored<EmailRecipient> recipient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = recipient.Value.ClaimUntil(now + ClaimDuration, now);
        var written = await store.ReplaceRecipientAsync(order.BrandId, order.SendId, claim, recipient.ETag, cancellationToken);
        return written.IsOk ? recipient with { Value = claim, ETag = written.ETag! } : null;
    }

    private async Task ReleaseAsync(EmailSendMessage order, Stored<EmailRecipient> claimed, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceRecipientAsync(order.BrandId, order.SendId, claimed.Value.Release(time.GetUtcNow()), claimed.ETag, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The claim then simply runs out; the retry waits for it.
            logger.LogWarning(failure, "Could not release the claim on recipient {MemberId} of send {SendId}.", order.MemberId, order.SendId);
        }
    }

    /// <summary>Writes the outcome (ETag; re-read on a race) unless another attempt recorded one, then brings the counts up to date.</summary>
    private async Task FinishAsync(EmailSendMessage order, Stored<EmailRecipient> current, RecipientStatus outcome, CancellationToken cancellationToken)
    {
        var row = current;
        while (row is not null && !row.Value.Status.IsTerminal)
        {
            var written = await store.ReplaceRecipientAsync(order.BrandId, order.SendId, row.Value.Finish(outcome, time.GetUtcNow()), row.ETag, cancellationToken);
            if (written.Status != WriteStatus.PreconditionFailed)
            {
                break;
            }

            row = await store.GetRecipientAsync(order.BrandId, order.SendId, order.Recipient, cancellationToken);
        }

        await progress.RecordChunkAsync(order.BrandId, order.SendId, order.Chunk, cancellationToken);
    }
}
