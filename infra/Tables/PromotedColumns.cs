using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// The top-level properties of <typeparamref name="T"/> that a typed column can hold instead of <c>Data</c>:
/// text, enums, numbers, flags, dates and strong ids (a struct whose one property is a string <c>Value</c>,
/// which JSON writes as <c>{"value": ...}</c>). Other properties stay in <c>Data</c> whatever the columns say.
/// </summary>
internal static class PromotedColumns<T>
{
    private static readonly FrozenDictionary<string, PromotedColumn> Columns = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0)
        .Select(p => PromotedColumn.For(p))
        .OfType<PromotedColumn>()
        .ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    public static PromotedColumn? Find(string column) => Columns.GetValueOrDefault(column);
}

internal sealed record PromotedColumn(string Name, string JsonName, bool IsStrongId)
{
    public static PromotedColumn? For(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var jsonName = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
        if (type == typeof(string) || type.IsEnum || type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(DateTimeOffset))
        {
            return new PromotedColumn(property.Name, jsonName, IsStrongId: false);
        }

        var members = type.IsValueType ? type.GetProperties(BindingFlags.Public | BindingFlags.Instance) : [];
        return members is [{ Name: "Value" } only] && only.PropertyType == typeof(string)
            ? new PromotedColumn(property.Name, jsonName, IsStrongId: true)
            : null;
    }

    /// <summary>
    /// The JSON the property has when its column holds <paramref name="value"/>. Tables keep dates in UTC, so a
    /// date with another offset does not match its JSON and stays in <c>Data</c>.
    /// </summary>
    public JsonNode? ToJson(object value)
    {
        var node = JsonSerializer.SerializeToNode(value is DateTimeOffset date ? date.ToUniversalTime() : value, value.GetType(), StorageJson.Options);
        return IsStrongId ? new JsonObject { ["value"] = node } : node;
    }
}
