using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Functions.Emails;

/// <summary>Renders each member's email exactly as a send would, without sending or storing anything.</summary>
public sealed class EmailPreviewer(RecipientResolver resolver, EmailTemplateRenderer renderer)
{
    /// <summary>Rendered emails are large: a preview page holds fewer than other pages.</summary>
    public const int MaxPageSize = 100;

    public async Task<PagedResponse<EmailPreview>> PreviewAsync(
        BrandId brand, OfferId offer, SendContext context, RecipientChoice choice, EmailTemplate template, int pageSize, string? continuationToken, CancellationToken cancellationToken, NotificationKind kind = NotificationKind.CodeReady)
    {
        var page = await resolver.PageAsync(brand, offer, choice, pageSize, continuationToken, cancellationToken);
        var previews = new List<EmailPreview>(page.Items.Count);
        foreach (var candidate in page.Items)
        {
            previews.Add(await PreviewOneAsync(candidate, context, template, kind));
        }

        return new PagedResponse<EmailPreview>(previews, page.ContinuationToken);
    }

    private async Task<EmailPreview> PreviewOneAsync(RecipientCandidate candidate, SendContext context, EmailTemplate template, NotificationKind kind)
    {
        var memberId = candidate.MemberId.Value;
        var email = candidate.Member?.Email?.Trim();
        var (status, content) = RecipientPlanner.Decide(candidate, context.Dates, kind);
        if (status is RecipientStatus.Skipped skipped)
        {
            return new EmailPreview(memberId, email, PreviewStatus.Skipped, SkipReason: skipped.Reason);
        }

        var rendered = await renderer.RenderAsync(template, content!.ToModel(context.Offer, context.Brand));
        return rendered switch
        {
            TemplateRenderResult.Rendered { Email: var r } => new EmailPreview(memberId, email, PreviewStatus.Ready, Subject: r.Subject, Html: r.HtmlBody, Text: r.TextBody),
            TemplateRenderResult.Failed failed => new EmailPreview(memberId, email, PreviewStatus.RenderFailed, Problem: $"The template's {failed.Part} could not be rendered: {failed.Reason}"),
            _ => throw new InvalidOperationException("Unknown render result."),
        };
    }
}
