using System.Globalization;
using System.Text.Json.Nodes;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>A parsed GraphQL request: the operation to run, its fragments and variables.</summary>
internal sealed class ParsedRequest
{
    public ParsedRequest(GraphQLDocument document, string? operationName, JsonObject variables)
    {
        Operation = document.Definitions.OfType<GraphQLOperationDefinition>()
            .FirstOrDefault(o => operationName is null || o.Name?.StringValue == operationName)
            ?? throw new InvalidOperationException($"No operation named '{operationName}'.");
        Fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal);
        Variables = variables;
    }

    public GraphQLOperationDefinition Operation { get; }

    public IReadOnlyDictionary<string, GraphQLFragmentDefinition> Fragments { get; }

    public JsonObject Variables { get; }

    public bool IsMutation => Operation.Operation == OperationType.Mutation;

    public IReadOnlyList<GraphQLField> RootFields => Fields(Operation.SelectionSet, typeName: null).ToArray();

    /// <summary>The fields of a selection set, expanding fragments that apply to <paramref name="typeName"/> (all when null).</summary>
    public IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? selectionSet, string? typeName, IReadOnlyCollection<string>? interfaces = null)
    {
        if (selectionSet is null)
        {
            yield break;
        }

        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline when Applies(inline.TypeCondition, typeName, interfaces):
                    foreach (var inner in Fields(inline.SelectionSet, typeName, interfaces))
                    {
                        yield return inner;
                    }

                    break;
                case GraphQLFragmentSpread spread when Fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                                                     && Applies(fragment.TypeCondition, typeName, interfaces):
                    foreach (var inner in Fields(fragment.SelectionSet, typeName, interfaces))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    /// <summary>The value of an argument with variables substituted, as JSON (null when absent).</summary>
    public JsonNode? Argument(GraphQLField field, string name)
    {
        var argument = field.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == name);
        return argument is null ? null : Evaluate(argument.Value);
    }

    public JsonNode? Evaluate(GraphQLValue value) => value switch
    {
        GraphQLVariable v => Variables[v.Name.StringValue]?.DeepClone(),
        GraphQLNullValue => null,
        GraphQLStringValue s => JsonValue.Create(s.Value.ToString()),
        GraphQLIntValue i => JsonValue.Create(long.Parse(i.Value.Span, CultureInfo.InvariantCulture)),
        GraphQLFloatValue f => JsonValue.Create(double.Parse(f.Value.Span, CultureInfo.InvariantCulture)),
        GraphQLBooleanValue b => JsonValue.Create(b.BoolValue),
        GraphQLEnumValue e => JsonValue.Create(e.Name.StringValue),
        GraphQLListValue l => new JsonArray((l.Values ?? []).Select(Evaluate).ToArray()),
        GraphQLObjectValue o => new JsonObject((o.Fields ?? []).Select(f => KeyValuePair.Create(f.Name.StringValue, Evaluate(f.Value)))),
        _ => null,
    };

    private static bool Applies(GraphQLTypeCondition? condition, string? typeName, IReadOnlyCollection<string>? interfaces)
    {
        if (condition is null || typeName is null)
        {
            return true;
        }

        var wanted = condition.Type.Name.StringValue;
        return wanted == typeName || interfaces?.Contains(wanted) == true;
    }
}
