using System.Reflection;
using System.Text.Json;

namespace PromoServerless.FunctionsHost;

/// <summary>One entry of <c>functions.metadata</c>, the list the Worker SDK writes at build and the Functions host reads.</summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingMetadata> Bindings)
{
    public const string FileName = "functions.metadata";

    public BindingMetadata Trigger => Bindings.Single(b => b.Direction == "In" && b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    public static IReadOnlyList<FunctionMetadata> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build the functions app (its Worker SDK writes the file) before starting the local host.");
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<FunctionMetadata>>(stream, Json) ?? [];
    }

    /// <summary>The [Function] method the entry point names (<c>Namespace.Class.Method</c>).</summary>
    public MethodInfo ResolveMethod(Assembly assembly)
    {
        var cut = EntryPoint.LastIndexOf('.');
        var type = assembly.GetType(EntryPoint[..cut], throwOnError: true)!;
        return type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Single(m => m.Name == EntryPoint[(cut + 1)..] && m.GetCustomAttributes().Any(a => a.GetType().Name == "FunctionAttribute"));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed record BindingMetadata(
    string Name,
    string Type,
    string Direction,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? QueueName = null,
    string? Connection = null,
    string? Schedule = null);
