using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Templates;

/// <summary>The three parts of one recipient's email, ready to send.</summary>
public sealed record RenderedEmail(string Subject, string HtmlBody, string TextBody);

/// <summary>A rendered email, or the part that could not be rendered and why. A failure is the template's, not the server's: retrying will not help.</summary>
public abstract record TemplateRenderResult
{
    private TemplateRenderResult()
    {
    }

    public sealed record Rendered(RenderedEmail Email) : TemplateRenderResult;

    public sealed record Failed(TemplatePart Part, string Reason) : TemplateRenderResult;
}

/// <summary>Renders a brand's template for one recipient, for preview and for sending.</summary>
public sealed class EmailTemplateRenderer(LiquidSandbox sandbox)
{
    public async ValueTask<TemplateRenderResult> RenderAsync(EmailTemplate template, EmailTemplateModel model)
    {
        var subject = await sandbox.RenderAsync(template.Subject, TemplatePart.Subject, model);
        if (subject.Text is null)
        {
            return new TemplateRenderResult.Failed(TemplatePart.Subject, subject.Problem!);
        }

        var html = await sandbox.RenderAsync(template.HtmlBody, TemplatePart.HtmlBody, model);
        if (html.Text is null)
        {
            return new TemplateRenderResult.Failed(TemplatePart.HtmlBody, html.Problem!);
        }

        var text = await sandbox.RenderAsync(template.TextBody, TemplatePart.TextBody, model);
        if (text.Text is null)
        {
            return new TemplateRenderResult.Failed(TemplatePart.TextBody, text.Problem!);
        }

        return new TemplateRenderResult.Rendered(new RenderedEmail(subject.Text.Trim(), html.Text, text.Text));
    }
}
