using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Parser;
using Parlot.Fluent;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Templates;

/// <summary>A parsed template part with the source offset of each value expression the parser saw.</summary>
internal sealed record LiquidDocument(string Source, IReadOnlyList<Statement> Statements, IReadOnlyDictionary<Expression, int> Offsets);

/// <summary>Either a parsed part or the first problem that stopped parsing it.</summary>
internal sealed record LiquidParseResult(LiquidDocument? Document, TemplateIssue? Issue);

/// <summary>
/// Fluid's parser without the tags that reach outside the template (<c>include</c>, <c>render</c>) or
/// that nest without the guard below (<c>liquid</c>). It also records where each value expression
/// starts, which Fluid's syntax tree does not keep, so validation can give a line and column.
/// Thread-safe: positions go into the per-parse context.
/// </summary>
internal sealed partial class SandboxedLiquidParser : FluidParser
{
    private static readonly string[] BlockTags = ["if", "unless", "for", "case", "capture", "tablerow", "ifchanged", "comment", "raw"];

    private readonly TemplateSandboxOptions _limits;

    public SandboxedLiquidParser(TemplateSandboxOptions limits)
    {
        _limits = limits;
        RegisteredTags.Remove("include");
        RegisteredTags.Remove("render");
        RegisteredTags.Remove("liquid");

        var primary = Primary.Parser ?? throw new InvalidOperationException("Fluid's parser has no primary expression parser.");
        Primary.Parser = primary.Then<Expression>(static (context, start, _, expression) =>
        {
            if (context is PositionRecordingContext recording)
            {
                recording.Record(expression, start);
            }

            return expression;
        });
    }

    public LiquidParseResult Parse(string source, TemplatePart part)
    {
        if (source.Length > EmailTemplate.MaxPartLength)
        {
            return Fail(part, 1, 1, $"The template is longer than {EmailTemplate.MaxPartLength} characters.");
        }

        if (FindTooDeepNesting(source) is { } tooDeep)
        {
            var (line, column) = SourceText.LineAndColumn(source, tooDeep);
            return Fail(part, line, column, $"Blocks are nested more than {_limits.MaxNesting} deep.");
        }

        var context = new PositionRecordingContext(source);
        bool parsed;
        IReadOnlyList<Statement>? statements;
        Parlot.ParseError? error;
        try
        {
            parsed = Grammar.TryParse(context, out statements, out error);
        }
        catch (ParseException thrown)
        {
            // Some errors (an unknown tag) are thrown with the position in the message instead of returned.
            var located = ThrownPosition().Match(thrown.Message);
            return located.Success
                ? Fail(part, int.Parse(located.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(located.Groups[3].Value, CultureInfo.InvariantCulture), located.Groups[1].Value + ".")
                : Fail(part, 1, 1, thrown.Message);
        }

        if (!parsed || statements is null || error is not null)
        {
            return error is null
                ? Fail(part, 1, 1, "The template could not be read.")
                : Fail(part, error.Position.Line, error.Position.Column, (error.Message ?? "Syntax error").TrimEnd('.') + ".");
        }

        if (!context.Scanner.Cursor.Eof)
        {
            var position = context.Scanner.Cursor.Position;
            return Fail(part, position.Line, position.Column, "The template could not be read from here on.");
        }

        return new LiquidParseResult(new LiquidDocument(source, statements, context.Offsets), null);
    }

    private static LiquidParseResult Fail(TemplatePart part, int line, int column, string message) =>
        new(null, new TemplateIssue(part, line, column, message));

    /// <summary>Counts block tags before parsing, so a template nested thousands deep never reaches the recursive parser.</summary>
    private int? FindTooDeepNesting(string source)
    {
        var depth = 0;
        foreach (Match match in TagName().Matches(source))
        {
            var name = match.Groups[1].Value;
            if (BlockTags.Contains(name, StringComparer.Ordinal))
            {
                if (++depth > _limits.MaxNesting)
                {
                    return match.Index;
                }
            }
            else if (name.StartsWith("end", StringComparison.Ordinal) && depth > 0)
            {
                depth--;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{%-?\s*([a-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TagName();

    [GeneratedRegex(@"^(.*) at \((\d+):(\d+)\)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ThrownPosition();

    private sealed class PositionRecordingContext(string source) : FluidParseContext(source)
    {
        private readonly Dictionary<Expression, int> _offsets = new(ReferenceEqualityComparer.Instance);

        public IReadOnlyDictionary<Expression, int> Offsets => _offsets;

        public void Record(Expression expression, int start)
        {
            var buffer = Scanner.Buffer;
            while (start < buffer.Length && char.IsWhiteSpace(buffer[start]))
            {
                start++;
            }

            _offsets.TryAdd(expression, start);
        }
    }
}

internal static class SourceText
{
    public static (int Line, int Column) LineAndColumn(string source, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
