using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>An object of the simulated graph: named fields whose values are scalars, lists, other objects or <see cref="FieldResolver"/>s.</summary>
internal sealed class SimObject(string typeName, params string[] interfaces) : Dictionary<string, object?>(StringComparer.Ordinal)
{
    public string TypeName { get; } = typeName;

    public IReadOnlyCollection<string> Interfaces { get; } = interfaces;
}

/// <summary>A field computed from its arguments (e.g. a paginated connection).</summary>
internal delegate object? FieldResolver(ParsedRequest request, GraphQLField field);

/// <summary>Turns simulated objects into the JSON a client asked for, following its selection set, aliases and fragments.</summary>
internal static class ResultProjector
{
    public static JsonNode? Project(ParsedRequest request, object? value, GraphQLField field)
    {
        switch (value)
        {
            case null:
                return null;
            case FieldResolver resolve:
                return Project(request, resolve(request, field), field);
            case SimObject obj:
                var result = new JsonObject();
                foreach (var child in request.Fields(field.SelectionSet, obj.TypeName, obj.Interfaces))
                {
                    var key = child.Alias?.Name.StringValue ?? child.Name.StringValue;
                    var name = child.Name.StringValue;
                    result[key] = name == "__typename"
                        ? JsonValue.Create(obj.TypeName)
                        : Project(request, obj.TryGetValue(name, out var v) ? v : null, child);
                }

                return result;
            case JsonNode node:
                return node.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case DateTimeOffset d:
                return JsonValue.Create(Iso(d));
            case decimal m:
                return JsonValue.Create(m.ToString("0.0#########", CultureInfo.InvariantCulture));
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case double dbl:
                return JsonValue.Create(dbl);
            case IEnumerable list:
                return new JsonArray(list.Cast<object?>().Select(item => Project(request, item, field)).ToArray());
            default:
                return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    public static string Iso(DateTimeOffset d) => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
