using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Infra.Templates;

/// <summary>
/// Walks a parsed part and reports every name that is neither in <see cref="TemplateVariables"/> nor
/// defined by the template itself (assign, capture, for, tablerow, increment), every unknown filter
/// and every literal range over the sandbox's limit. Visits in source order, so an expression whose
/// position the parser did not record is placed at the next occurrence of its name after the last known position.
/// </summary>
internal sealed class TemplateVariableChecker : AstVisitor
{
    // Members Liquid itself offers on any string value.
    private static readonly HashSet<string> StringMembers = new(StringComparer.Ordinal) { "size" };

    private static readonly HashSet<string> LoopVariables = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "parentloop" };

    private readonly LiquidDocument _document;
    private readonly TemplatePart _part;
    private readonly FilterCollection _filters;
    private readonly int _maxRangeSize;
    private readonly HashSet<string> _locals;
    private readonly List<TemplateIssue> _issues = [];
    private int _cursor;

    private TemplateVariableChecker(LiquidDocument document, TemplatePart part, FilterCollection filters, int maxRangeSize)
    {
        _document = document;
        _part = part;
        _filters = filters;
        _maxRangeSize = maxRangeSize;
        _locals = LocalNames.Collect(document.Statements);
    }

    public static IReadOnlyList<TemplateIssue> Check(LiquidDocument document, TemplatePart part, FilterCollection filters, int maxRangeSize)
    {
        var checker = new TemplateVariableChecker(document, part, filters, maxRangeSize);
        foreach (var statement in document.Statements)
        {
            checker.Visit(statement);
        }

        return checker._issues;
    }

    public override Expression Visit(Expression expression)
    {
        if (expression is not null && _document.Offsets.TryGetValue(expression, out var offset))
        {
            _cursor = Math.Max(_cursor, offset);
        }

        return base.Visit(expression!);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var path = Path(memberExpression);
        var known = _document.Offsets.TryGetValue(memberExpression, out var offset);
        if (!known)
        {
            offset = Locate(path[0]);
            _cursor = Math.Max(_cursor, offset);
        }

        if (UnknownName(path) is { } unknown)
        {
            Report(offset, $"Unknown variable '{unknown}'. Templates can use {Available()}.");
        }

        foreach (var segment in memberExpression.Segments.OfType<IndexerSegment>())
        {
            Visit(segment.Expression);
        }

        return memberExpression;
    }

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        Visit(filterExpression.Input);
        if (!_filters.TryGetValue(filterExpression.Name, out _))
        {
            Report(Locate(filterExpression.Name), $"Unknown filter '{filterExpression.Name}'.");
        }

        foreach (var parameter in filterExpression.Parameters)
        {
            Visit(parameter.Expression);
        }

        return filterExpression;
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        base.VisitRangeExpression(rangeExpression);
        if (rangeExpression.From is LiteralExpression { Value: NumberValue from } &&
            rangeExpression.To is LiteralExpression { Value: NumberValue to } &&
            to.ToNumberValue() - from.ToNumberValue() + 1 > _maxRangeSize)
        {
            Report(_cursor, $"A range may hold at most {_maxRangeSize} items.");
        }

        return rangeExpression;
    }

    /// <summary>The path's names, with a literal string index (<c>member["email"]</c>) read as a name.</summary>
    private static List<string?> Path(MemberExpression member) =>
        member.Segments.Select(segment => segment switch
        {
            IdentifierSegment identifier => identifier.Identifier,
            IndexerSegment { Expression: LiteralExpression { Value: StringValue text } } => text.ToStringValue(),
            _ => null,
        }).ToList();

    /// <summary>The first part of the path that the model does not have, or null when the whole path is known.</summary>
    private string? UnknownName(List<string?> path)
    {
        var root = path[0]!;
        if (_locals.Contains(root) || LoopVariables.Contains(root))
        {
            return null;
        }

        if (!TemplateVariables.IsRoot(root))
        {
            return root;
        }

        var depth = 1;
        if (TemplateVariables.IsObject(root) && path.Count > 1)
        {
            if (path[1] is null)
            {
                return null;
            }

            if (!TemplateVariables.IsField(root, path[1]!))
            {
                return root + "." + path[1];
            }

            depth = 2;
        }

        // What is left applies to a string value: only its size is defined.
        if (path.Count > depth && (path[depth] is not { } member || !StringMembers.Contains(member) || path.Count > depth + 1))
        {
            return string.Join('.', path.Take(depth + 1).Select(p => p ?? "[...]"));
        }

        return null;
    }

    private int Locate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return _cursor;
        }

        var pattern = new Regex(@"(?<![\w.])" + Regex.Escape(name) + @"(?!\w)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var match = pattern.Match(_document.Source, Math.Min(_cursor, _document.Source.Length));
        if (!match.Success)
        {
            match = pattern.Match(_document.Source);
        }

        return match.Success ? match.Index : _cursor;
    }

    private void Report(int offset, string message)
    {
        var (line, column) = SourceText.LineAndColumn(_document.Source, offset);
        _issues.Add(new TemplateIssue(_part, line, column, message));
    }

    private static string Available() =>
        string.Join(", ", TemplateVariables.Roots.SelectMany(root =>
            root.Value.Count == 0 ? [root.Key] : root.Value.Order(StringComparer.Ordinal).Select(field => root.Key + "." + field)));

    /// <summary>Names a template defines for itself. Liquid's assign is visible after it runs anywhere below, so position is not tracked.</summary>
    private sealed class LocalNames : AstVisitor
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public static HashSet<string> Collect(IReadOnlyList<Statement> statements)
        {
            var collector = new LocalNames();
            foreach (var statement in statements)
            {
                collector.Visit(statement);
            }

            return collector._names;
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            _names.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            _names.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            _names.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement)
        {
            _names.Add(tableRowStatement.Identifier);
            return base.VisitTableRowStatement(tableRowStatement);
        }

        protected override Statement VisitIncrementStatement(IncrementStatement incrementStatement)
        {
            _names.Add(incrementStatement.Identifier);
            return base.VisitIncrementStatement(incrementStatement);
        }

        protected override Statement VisitDecrementStatement(DecrementStatement decrementStatement)
        {
            _names.Add(decrementStatement.Identifier);
            return base.VisitDecrementStatement(decrementStatement);
        }
    }
}
