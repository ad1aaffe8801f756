using System.Text.Json;
using PromoServerless.Contract.Tests.Deployment;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>One HTTP function as the Worker SDK declared it to the Functions host.</summary>
/// <param name="Path">The URL path the host serves it on: the <c>api</c> route prefix (host.json) and the trigger's route.</param>
public sealed record HttpFunction(string Name, string Path, IReadOnlyList<string> Methods);

/// <summary>The functions.metadata the build wrote next to the functions assembly: the list the Functions host reads.</summary>
public static class FunctionsMetadata
{
    private const string RoutePrefix = "api";

    public static string FilePath => Path.Combine(CommandLine.FunctionsBuildOutput, "functions.metadata");

    public static IReadOnlyList<HttpFunction> HttpFunctions()
    {
        Assert.True(File.Exists(FilePath), $"{FilePath} is missing: build functions/ first.");
        using var json = JsonDocument.Parse(File.ReadAllText(FilePath));
        var functions = new List<HttpFunction>();
        foreach (var function in json.RootElement.EnumerateArray())
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger");
            if (trigger.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }

            var methods = trigger.TryGetProperty("methods", out var declared)
                ? declared.EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).ToArray()
                : [];
            var route = trigger.GetProperty("route").GetString()!;
            functions.Add(new HttpFunction(function.GetProperty("name").GetString()!, $"/{RoutePrefix}/{route}", methods));
        }

        return functions;
    }
}
