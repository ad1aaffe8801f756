using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PromoServerless.Contract.Tests.Deployment;

/// <summary>main.bicep compiled once by the packaged Bicep CLI, with helpers to read the ARM JSON it produced.</summary>
public sealed partial class CompiledTemplate : IAsyncLifetime
{
    private static readonly TimeSpan BicepTimeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("bicep-").FullName;

    internal CommandResult Build { get; private set; } = null!;

    public JsonObject Template { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var output = Path.Combine(_folder, "main.json");
        Build = await CommandLine.RunAsync(
            CommandLine.BicepPath, ["build", "main.bicep", "--outfile", output], CommandLine.AzureFolder, BicepTimeout);
        Template = File.Exists(output) ? (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(output))! : [];
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    internal static Task<CommandResult> RunBicepAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        CommandLine.RunAsync(CommandLine.BicepPath, arguments, CommandLine.AzureFolder, BicepTimeout, environment);

    /// <summary>The nested template a module compiled to (modules become Microsoft.Resources/deployments).</summary>
    public JsonObject Module(string name) =>
        Resources(Template).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name)["properties"]!["template"]!.AsObject();

    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"]!.AsArray().Select(r => r!.AsObject());

    public static JsonObject Resource(JsonObject template, string type) => Resources(template).Single(r => (string?)r["type"] == type);

    /// <summary>Every string (property names and values) in a JSON tree: ARM expressions live in strings.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    /// <summary>
    /// App settings as the compiled template writes them: <c>createObject('name', 'X', 'value', &lt;expression&gt;)</c>
    /// inside the site's appSettings and the variables it concatenates. Returns each name with its value expression.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AppSettings(JsonObject template)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in Strings(template))
        {
            foreach (Match match in SettingStart().Matches(text))
            {
                settings[match.Groups["name"].Value] = ReadArgument(text, match.Index + match.Length);
            }
        }

        return settings;
    }

    // Reads one ARM expression argument up to the parenthesis that closes the enclosing call, skipping quoted strings.
    private static string ReadArgument(string text, int start)
    {
        var depth = 0;
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    quoted = false;
                }
            }
            else if (c == '\'')
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth-- == 0)
            {
                return text[start..i];
            }
        }

        throw new FormatException($"Unbalanced expression after position {start}.");
    }

    [GeneratedRegex(@"createObject\('name', '(?<name>[^']+)', 'value', ")]
    private static partial Regex SettingStart();
}
