using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Functions.Emails;

/// <summary>One recipient's message ready for SMTP, or why it cannot be sent (a template failure is permanent).</summary>
public sealed record ComposedEmail(OutgoingEmail? Email, string? Problem);

/// <summary>Renders a send's template for one recipient and addresses the result.</summary>
public sealed class RecipientEmailComposer(SendTemplateCache templates, EmailTemplateRenderer renderer)
{
    /// <summary>Ties every attempt at this recipient's email to one Message-ID.</summary>
    public static string IdempotencyKey(EmailSendId send, MemberId member) => $"{send.Value}:{member.Value}";

    public async Task<ComposedEmail> ComposeAsync(EmailSend send, EmailRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Content is not { } content)
        {
            return new ComposedEmail(null, "The recipient has no code or address to send.");
        }

        var template = await templates.GetAsync(send.BrandId, send.Id, cancellationToken);
        var rendered = await renderer.RenderAsync(template, content.ToModel(send.Offer, send.Brand));
        if (rendered is TemplateRenderResult.Failed failed)
        {
            return new ComposedEmail(null, $"The template's {failed.Part} could not be rendered: {failed.Reason}");
        }

        var email = ((TemplateRenderResult.Rendered)rendered).Email;
        var key = IdempotencyKey(send.Id, recipient.MemberId);
        return new ComposedEmail(
            new OutgoingEmail(key, content.Member.Email, content.Member.Name, email.Subject, email.HtmlBody, email.TextBody)
            {
                SenderName = send.Sender.Name,
                ReplyTo = send.Sender.ReplyTo,
            },
            null);
    }
}
