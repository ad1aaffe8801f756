using MimeKit;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Email;

/// <summary>The MIME message to send, or why it must not be sent.</summary>
internal sealed record BuiltMessage(MimeMessage? Message, string? Problem);

/// <summary>
/// Builds the MIME message from checked parts only: addresses pass the domain pre-check and MimeKit's
/// parser, header values (subject, display names) contain no line breaks, and MimeKit encodes
/// non-ASCII display names and subjects (RFC 2047).
/// </summary>
internal sealed class EmailMessageBuilder(SmtpOptions options)
{
    public BuiltMessage Build(OutgoingEmail email)
    {
        if (string.IsNullOrWhiteSpace(email.IdempotencyKey))
        {
            return Refuse("An idempotency key is required.");
        }

        var to = Mailbox(email.ToName, email.ToAddress, "recipient");
        if (to.Problem is not null)
        {
            return Refuse(to.Problem);
        }

        var from = Mailbox(email.SenderName ?? options.FromName ?? string.Empty, options.FromAddress, "sender");
        if (from.Problem is not null)
        {
            return Refuse(from.Problem);
        }

        var subject = HeaderValue.Check("subject", email.Subject);
        if (!subject.IsValid)
        {
            return Refuse("Subject: " + subject.Errors[0].Message);
        }

        var message = new MimeMessage();
        message.From.Add(from.Mailbox!);
        message.To.Add(to.Mailbox!);
        if (email.ReplyTo is { } replyTo)
        {
            var reply = Mailbox(string.Empty, replyTo, "reply-to");
            if (reply.Problem is not null)
            {
                return Refuse(reply.Problem);
            }

            message.ReplyTo.Add(reply.Mailbox!);
        }

        message.Subject = subject.Value;
        message.MessageId = MessageIds.FromIdempotencyKey(email.IdempotencyKey, from.Mailbox!.Domain);
        message.Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();
        return new BuiltMessage(message, null);
    }

    private static BuiltMessage Refuse(string problem) => new(null, problem);

    private static (MailboxAddress? Mailbox, string? Problem) Mailbox(string name, string address, string role)
    {
        var checkedName = HeaderValue.Check(role + " name", name);
        if (!checkedName.IsValid)
        {
            return (null, $"The {role} name: {checkedName.Errors[0].Message}");
        }

        var checkedAddress = EmailAddress.Parse(address, role);
        if (!checkedAddress.IsValid)
        {
            return (null, $"The {role} address '{address}': {checkedAddress.Errors[0].Message}");
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, checkedAddress.Value.Value, out var mailbox) || mailbox.Route.Count > 0)
        {
            return (null, $"The {role} address '{address}' is not a valid mailbox.");
        }

        mailbox.Name = name.Trim();
        return (mailbox, null);
    }
}
