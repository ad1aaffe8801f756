using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace PromoServerless.Infra.Email;

/// <summary>How an SMTP exception is handled: permanent failures end the recipient's send, others are retried.</summary>
internal sealed record SmtpFailure(bool IsPermanent, string Reason);

/// <summary>
/// Sorts SMTP failures. Permanent: a 5xx reply about this message or recipient (refused recipient,
/// refused content or size). Transient: connection and TLS errors, timeouts, any 4xx reply, and
/// failures that concern our account rather than the message (login refused, sender refused), which
/// would otherwise mark every recipient failed for a configuration mistake.
/// </summary>
internal static class SmtpFailureClassifier
{
    public static SmtpFailure Classify(Exception exception) => exception switch
    {
        SmtpCommandException command => ClassifyReply(command),
        AuthenticationException auth => new(false, "The SMTP server refused the login: " + auth.Message),
        SmtpProtocolException protocol => new(false, "The SMTP conversation broke: " + protocol.Message),
        ServiceNotConnectedException or ServiceNotAuthenticatedException => new(false, "The SMTP connection was lost: " + exception.Message),
        SocketException or IOException or TimeoutException => new(false, "The SMTP server could not be reached: " + exception.Message),
        SslHandshakeException => new(false, "TLS with the SMTP server failed: " + exception.Message),
        _ => new(false, $"Unexpected SMTP failure ({exception.GetType().Name}): {exception.Message}"),
    };

    private static SmtpFailure ClassifyReply(SmtpCommandException command)
    {
        var code = (int)command.StatusCode;
        var reply = $"{code} {command.Message}".Trim();
        if (code is < 500 or > 599)
        {
            return new(false, "The SMTP server deferred the message: " + reply);
        }

        return command.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => new(true, $"The recipient {command.Mailbox?.Address} was refused: {reply}"),
            SmtpErrorCode.MessageNotAccepted => new(true, "The message was refused: " + reply),
            // Servers that advertise SIZE refuse an oversized message at MAIL FROM, which MailKit reports as the sender refused.
            SmtpErrorCode.SenderNotAccepted when command.StatusCode == SmtpStatusCode.ExceededStorageAllocation =>
                new(true, "The message is larger than the server accepts: " + reply),
            SmtpErrorCode.SenderNotAccepted => new(false, $"The sender {command.Mailbox?.Address} was refused (check Email:Smtp settings): {reply}"),
            _ => new(false, "The SMTP server refused a command: " + reply),
        };
    }
}
