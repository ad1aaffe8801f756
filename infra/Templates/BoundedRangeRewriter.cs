using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace PromoServerless.Infra.Templates;

/// <summary>
/// Replaces every <c>(a..b)</c> range with one that refuses to build more than a set number of items:
/// Fluid builds the whole array before a loop starts, so <c>(1..100000000)</c> would allocate gigabytes
/// before MaxSteps could stop the loop.
/// </summary>
internal sealed class BoundedRangeRewriter(int maxItems) : AstRewriter
{
    public IReadOnlyList<Statement> Rewrite(IReadOnlyList<Statement> statements) =>
        TryRewriteStatements(statements, out var result) ? result : statements;

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        new BoundedRangeExpression(rangeExpression.From, rangeExpression.To, maxItems);
}

internal sealed class BoundedRangeExpression(Expression from, Expression to, int maxItems) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var start = (await from.EvaluateAsync(context)).ToNumberValue();
        var end = (await to.EvaluateAsync(context)).ToNumberValue();
        var count = end < start ? 0m : decimal.Truncate(end) - decimal.Truncate(start) + 1;
        if (count > maxItems)
        {
            throw new TemplateLimitExceededException($"A range of {count} items is larger than the limit of {maxItems}.");
        }

        var first = (int)decimal.Truncate(start);
        var items = new FluidValue[(int)count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = NumberValue.Create(first + i);
        }

        return new ArrayValue(items);
    }

    protected override Expression Accept(AstVisitor visitor) => this;
}
