using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Email;

/// <summary>
/// One message to one recipient. <see cref="IdempotencyKey"/> identifies this recipient's message across
/// redeliveries (e.g. the email-send id and the member id); the Message-ID header is derived from it.
/// </summary>
public sealed record OutgoingEmail(
    string IdempotencyKey,
    string ToAddress,
    string ToName,
    string Subject,
    string HtmlBody,
    string TextBody)
{
    /// <summary>The From display name, normally the brand's name; <see cref="SmtpOptions.FromName"/> when absent.</summary>
    public string? SenderName { get; init; }

    /// <summary>Where replies go, normally the brand's own address (From must stay on the sending domain).</summary>
    public string? ReplyTo { get; init; }
}

/// <summary>What the SMTP server said about a message. Transient trouble is not a result: it is thrown as <see cref="TransientEmailException"/>.</summary>
public abstract record EmailSendResult
{
    private EmailSendResult()
    {
    }

    public abstract RecipientStatus ToRecipientStatus(DateTimeOffset now);

    /// <summary>The server took responsibility for the message.</summary>
    public sealed record Accepted(string MessageId, string ServerResponse) : EmailSendResult
    {
        public override RecipientStatus ToRecipientStatus(DateTimeOffset now) => new RecipientStatus.Sent(now, MessageId);
    }

    /// <summary>The message can never be sent as it is (bad address, header, size; recipient refused with a 5xx reply).</summary>
    public sealed record Rejected(string Reason) : EmailSendResult
    {
        public override RecipientStatus ToRecipientStatus(DateTimeOffset now) => new RecipientStatus.Failed(Reason);
    }
}

/// <summary>Sending failed for a reason that may pass (connection trouble, a 4xx reply, a refused login): retry later.</summary>
public sealed class TransientEmailException : Exception
{
    public TransientEmailException()
    {
    }

    public TransientEmailException(string message)
        : base(message)
    {
    }

    public TransientEmailException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Sends one message over SMTP.</summary>
public interface IEmailSender
{
    /// <returns>Accepted or Rejected (permanent).</returns>
    /// <exception cref="TransientEmailException">The message may succeed if sent again later.</exception>
    Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
