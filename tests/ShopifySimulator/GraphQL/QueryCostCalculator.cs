using System.Text.Json;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>
/// A static cost estimate in the spirit of Shopify's published rules: scalars and enums 0, an object 1,
/// a connection (a field taking <c>first</c>/<c>last</c>) 2 plus the page size times one node's cost, and every mutation root field 10
/// regardless of what its payload selects. Inline fragments are all counted (an upper bound, as Shopify does for unions).
/// </summary>
internal static class QueryCostCalculator
{
    public const int MutationCost = 10;
    private static readonly HashSet<string> ConnectionPlumbing = new(StringComparer.Ordinal) { "pageInfo", "cursor" };

    public static int Requested(ParsedRequest request) =>
        request.IsMutation ? MutationCost * request.RootFields.Count : request.RootFields.Sum(f => FieldCost(request, f));

    private static int FieldCost(ParsedRequest request, GraphQLField field)
    {
        if (field.SelectionSet is null)
        {
            return 0;
        }

        if (PageSize(request, field) is not { } pageSize)
        {
            return 1 + ChildrenCost(request, field.SelectionSet);
        }

        var nodeCost = 1;
        foreach (var child in request.Fields(field.SelectionSet, null))
        {
            var name = child.Name.StringValue;
            if (name == "nodes")
            {
                nodeCost = Math.Max(nodeCost, 1 + ChildrenCost(request, child.SelectionSet));
            }
            else if (name == "edges")
            {
                var node = request.Fields(child.SelectionSet, null).FirstOrDefault(f => f.Name.StringValue == "node");
                nodeCost = Math.Max(nodeCost, 1 + ChildrenCost(request, node?.SelectionSet));
            }
        }

        return 2 + (pageSize * nodeCost);
    }

    private static int ChildrenCost(ParsedRequest request, GraphQLSelectionSet? selectionSet) =>
        request.Fields(selectionSet, null).Where(f => !ConnectionPlumbing.Contains(f.Name.StringValue)).Sum(f => FieldCost(request, f));

    private static int? PageSize(ParsedRequest request, GraphQLField field)
    {
        foreach (var name in new[] { "first", "last" })
        {
            if (request.Argument(field, name) is { } value && value.GetValueKind() == JsonValueKind.Number)
            {
                return (int)value.GetValue<long>();
            }
        }

        return null;
    }
}
