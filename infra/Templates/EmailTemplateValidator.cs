using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Templates;

/// <summary>
/// Checks a template when a brand saves it: syntax, names outside the template model, unknown filters,
/// oversized literal ranges and line breaks in the subject, each with its line and column.
/// </summary>
public sealed class EmailTemplateValidator(LiquidSandbox sandbox)
{
    public IReadOnlyList<TemplateIssue> Validate(EmailTemplate template)
    {
        var issues = new List<TemplateIssue>();
        issues.AddRange(CheckPart(template.Subject, TemplatePart.Subject));
        issues.AddRange(CheckPart(template.HtmlBody, TemplatePart.HtmlBody));
        issues.AddRange(CheckPart(template.TextBody, TemplatePart.TextBody));
        return issues;
    }

    /// <summary>The same check as a validation result whose errors name the request fields.</summary>
    public Validated<EmailTemplate> ValidateForSave(EmailTemplate template)
    {
        var issues = Validate(template);
        return issues.Count == 0
            ? Validated<EmailTemplate>.Ok(template)
            : Validated<EmailTemplate>.Fail(issues.Select(issue => issue.ToFieldError()).ToArray());
    }

    private List<TemplateIssue> CheckPart(string? source, TemplatePart part)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return [new TemplateIssue(part, 1, 1, "This part of the template is empty.")];
        }

        var parsed = sandbox.Parse(source, part);
        if (parsed.Document is null)
        {
            return [parsed.Issue!];
        }

        var issues = TemplateVariableChecker.Check(parsed.Document, part, sandbox.Options.Filters, sandbox.Limits.MaxRangeSize).ToList();
        if (part == TemplatePart.Subject && FindInnerLineBreak(source) is { } lineBreak)
        {
            var (line, column) = SourceText.LineAndColumn(source, lineBreak);
            issues.Add(new TemplateIssue(part, line, column, "A subject is one line: remove the line break."));
        }

        return issues;
    }

    /// <summary>A line break between the first and last visible characters; leading and trailing ones are trimmed when rendering.</summary>
    private static int? FindInnerLineBreak(string source)
    {
        var start = source.Length - source.TrimStart().Length;
        var length = source.Trim().Length;
        var index = source.IndexOfAny(['\r', '\n'], start, length);
        return index < 0 ? null : index;
    }
}
