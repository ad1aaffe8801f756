using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Templates;

public enum TemplatePart
{
    Subject,
    HtmlBody,
    TextBody,
}

/// <summary>A problem found in one part of a template, at a 1-based line and column of that part.</summary>
public sealed record TemplateIssue(TemplatePart Part, int Line, int Column, string Message)
{
    /// <summary>The request field the part came from, in the API's camelCase.</summary>
    public string Field => Part switch
    {
        TemplatePart.Subject => "subject",
        TemplatePart.HtmlBody => "htmlBody",
        _ => "textBody",
    };

    public FieldError ToFieldError() => new(Field, $"Line {Line}, column {Column}: {Message}");

    public override string ToString() => $"{Field} ({Line}:{Column}): {Message}";
}
