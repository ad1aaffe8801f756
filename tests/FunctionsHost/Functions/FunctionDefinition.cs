using Newtonsoft.Json.Linq;
using PromoServerless.FunctionsHost.Protocol;

namespace PromoServerless.FunctionsHost.Functions;

/// <summary>One function as the worker indexed it: its name and its bindings, as the raw JSON the worker reported.</summary>
internal sealed record FunctionDefinition(string Name, IReadOnlyList<BindingDefinition> Bindings)
{
    public BindingDefinition Trigger => Bindings.Single(b => b.IsTrigger);

    /// <summary>The input bindings besides the trigger (a Durable client, say), bound by the host on each invocation.</summary>
    public IEnumerable<BindingDefinition> Inputs => Bindings.Where(b => !b.IsTrigger && b.Direction == "in");

    public bool IsHttp => Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);

    public bool IsActivity => Trigger.Type.Equals("activityTrigger", StringComparison.OrdinalIgnoreCase);

    public static FunctionDefinition From(RpcFunctionMetadata metadata) =>
        new(metadata.Name, metadata.RawBindings.Select(raw => new BindingDefinition(JObject.Parse(raw))).ToArray());
}

internal sealed record BindingDefinition(JObject Json)
{
    public string Name => (string?)Json["name"] ?? throw new InvalidOperationException("A binding has no name.");

    public string Type => (string?)Json["type"] ?? throw new InvalidOperationException($"Binding {Name} has no type.");

    public string Direction => ((string?)Json["direction"] ?? "in").ToLowerInvariant();

    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>The binding's <c>dataType</c> as the parameter type the host asks its binding for (as the Functions host parses it).</summary>
    public Type RequestedType => ((string?)Json["dataType"])?.ToLowerInvariant() switch
    {
        "string" => typeof(string),
        "binary" => typeof(byte[]),
        "stream" => typeof(Stream),
        _ => typeof(object),
    };

    public string? Route => (string?)Json["route"];

    /// <summary>The binding as the host describes it in a function load request, which is what the worker's function definition reads.</summary>
    public BindingInfo ToBindingInfo() => new()
    {
        Type = Type,
        Direction = Direction switch { "out" => BindingInfo.Types.Direction.Out, "inout" => BindingInfo.Types.Direction.Inout, _ => BindingInfo.Types.Direction.In },
        DataType = RequestedType == typeof(string) ? BindingInfo.Types.DataType.String
            : RequestedType == typeof(byte[]) ? BindingInfo.Types.DataType.Binary
            : RequestedType == typeof(Stream) ? BindingInfo.Types.DataType.Stream
            : BindingInfo.Types.DataType.Undefined,
    };

    public IReadOnlyList<string> Methods => Json["methods"] is JArray methods ? methods.Select(m => ((string)m!).ToUpperInvariant()).ToArray() : [];
}
