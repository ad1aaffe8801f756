using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromoServerless.Functions.Hosting;

/// <summary>Writes one <c>{Name}/function.json</c> per entry of <see cref="FunctionTable"/>, as the Functions host reads them.</summary>
public static class FunctionMetadataWriter
{
    public const string CommandLineSwitch = "--write-function-metadata";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToFunctionJson(FunctionDefinition function)
    {
        var bindings = function.Trigger switch
        {
            HttpTrigger http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = "anonymous",
                    ["route"] = http.Route,
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueTrigger queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = QueueTrigger.BindingName,
                ["queueName"] = queue.QueueName,
                ["connection"] = "AzureWebJobsStorage",
            }),
            TimerTrigger timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = TimerTrigger.BindingName,
                ["schedule"] = timer.Schedule,
                ["runOnStartup"] = false,
                ["useMonitor"] = true,
            }),
            _ => throw new InvalidOperationException($"Unknown trigger for {function.Name}."),
        };
        return new JsonObject { ["bindings"] = bindings };
    }

    public static void WriteAll(string rootDirectory)
    {
        foreach (var function in FunctionTable.All)
        {
            var folder = Path.Combine(rootDirectory, function.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "function.json"), ToFunctionJson(function).ToJsonString(Indented));
        }
    }
}
