using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PromoServerless.Contract.Tests.Api;
using PromoServerless.Contract.Tests.Deployment;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Api;

namespace PromoServerless.Contract.Tests.Connector;

/// <summary>
/// The Swagger 2.0 document against the rules a Power Platform custom connector import applies, and the connector
/// files in docs/connector against what the code makes of it. Regenerate the files with
/// <c>UPDATE_CONNECTOR_FILES=1 dotnet test tests/Contract.Tests --filter FullyQualifiedName~ConnectorDocumentTests</c>.
/// </summary>
public sealed partial class ConnectorDocumentTests(InProcessApp documents) : IClassFixture<InProcessApp>
{
    private static readonly string Folder = Path.Combine(CommandLine.RepositoryRoot, "docs", "connector");

    /// <summary>Operation ids read as actions: a verb, then what it acts on. <c>When…</c> are the triggers.</summary>
    private static readonly string[] Verbs =
    [
        "Create", "Get", "List", "Delete", "Replace", "Update", "Preview", "Start", "Change", "Import", "Export", "Save", "Reset", "Revoke",
        "Pause", "Resume", "Archive", "Cancel", "Schedule", "Send", "Record", "Approve", "Reject", "Reverse", "Pay", "Mark", "Reconcile", "Refresh", "Add", "Remove", "When",
    ];

    private static readonly HashSet<string> Methods = ["get", "put", "post", "delete", "patch"];

    private static readonly HashSet<string> Visibilities = ["important", "advanced", "internal", "none"];

    [Fact]
    public async Task CommittedConnectorFiles_ShouldBeWhatTheCodeGenerates()
    {
        var expected = new Dictionary<string, string>
        {
            [ConnectorFiles.DefinitionFile] = ConnectorFiles.ApiDefinition(documents.SwaggerText),
            [ConnectorFiles.PropertiesFile] = ConnectorFiles.ApiProperties(),
        };
        if (Environment.GetEnvironmentVariable("UPDATE_CONNECTOR_FILES") == "1")
        {
            Directory.CreateDirectory(Folder);
            foreach (var (name, text) in expected)
            {
                await File.WriteAllTextAsync(Path.Combine(Folder, name), text, TestContext.Current.CancellationToken);
            }
        }

        foreach (var (name, text) in expected)
        {
            var path = Path.Combine(Folder, name);
            Assert.True(File.Exists(path), $"{path} is missing; regenerate the connector files (see this class's summary).");
            Assert.True(text == await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), $"{name} is not what the code generates; regenerate the connector files (see this class's summary).");
        }
    }

    [Fact]
    public void Document_ShouldDeclareAnApiKeyHeaderAndRequireIt()
    {
        var swagger = documents.Swagger;
        var schemes = swagger["securityDefinitions"]!.AsObject();
        var (name, scheme) = Assert.Single(schemes);
        Assert.Equal(("apiKey", "header", "x-api-key"), ((string?)scheme!["type"], (string?)scheme["in"], (string?)scheme["name"]));
        Assert.Contains(swagger["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey(name));
    }

    [Fact]
    public void EveryOperationId_ShouldReadAsAnActionAndBeUnique()
    {
        var ids = Operations().Select(o => (string?)o.Operation["operationId"] ?? string.Empty).ToArray();
        var forFlows = Operations().Where(o => !IsForMachines(o.Operation)).Select(o => (string?)o.Operation["operationId"] ?? string.Empty);

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var unreadable = forFlows.Where(id => !(OperationId().IsMatch(id) && Verbs.Any(v => id.StartsWith(v, StringComparison.Ordinal) && id.Length > v.Length && char.IsUpper(id[v.Length])))).ToArray();
        Assert.True(unreadable.Length == 0, "Operation ids that do not start with a verb: " + string.Join(", ", unreadable));
    }

    /// <summary>The operations machines call (the health probe, Shopify's webhook), hidden from flow authors.</summary>
    private static bool IsForMachines(JsonNode operation) => (string?)operation[ConnectorExtensions.Visibility] == "internal";

    [Fact]
    public void MachineOperations_ShouldBeHiddenFromFlowAuthors()
    {
        var hidden = Operations().Where(o => IsForMachines(o.Operation)).Select(o => (string?)o.Operation["operationId"]).Order(StringComparer.Ordinal);
        Assert.Equal(["Health", "ShopifyWebhook"], hidden);
    }

    [Fact]
    public void EveryParameter_ShouldHaveASummaryAndAKnownVisibility()
    {
        var gaps = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var where = $"{method.ToUpperInvariant()} {path} {parameter!["name"]}";
                if ((string?)parameter["in"] == "body")
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace((string?)parameter[ConnectorExtensions.Summary]))
                {
                    gaps.Add(where + ": no x-ms-summary");
                }

                if (!Visibilities.Contains((string?)parameter[ConnectorExtensions.Visibility] ?? string.Empty))
                {
                    gaps.Add(where + ": no x-ms-visibility");
                }
            }
        }

        Assert.Empty(gaps);
    }

    [Fact]
    public void EveryPath_ShouldBeUnderTheApiAndDeclareItsPathParameters()
    {
        var gaps = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                gaps.Add($"{path} is outside /api/");
            }

            var declared = (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "path").Select(p => (string?)p!["name"]).ToHashSet();
            var inPath = PathParameter().Matches(path).Select(m => (string?)m.Groups[1].Value).ToHashSet();
            if (!declared.SetEquals(inPath))
            {
                gaps.Add($"{method.ToUpperInvariant()} {path} declares path parameters [{string.Join(", ", declared)}]");
            }
        }

        Assert.Empty(gaps);
    }

    [Fact]
    public void EverySuccessAnswerWithABody_ShouldHaveASchemaThatResolves()
    {
        var swagger = documents.Swagger;
        var definitions = swagger["definitions"]?.AsObject() ?? [];
        var gaps = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                // Shopify's webhook answers a bare 200; flows never call it.
                if (status is "200" or "201" && response!["schema"] is null && !IsForMachines(operation))
                {
                    gaps.Add($"{method.ToUpperInvariant()} {path} {status} has no schema");
                }
            }
        }

        foreach (var reference in Descendants(swagger).OfType<JsonObject>().Select(o => (string?)o["$ref"]).OfType<string>())
        {
            if (!reference.StartsWith("#/definitions/", StringComparison.Ordinal) || !definitions.ContainsKey(reference["#/definitions/".Length..]))
            {
                gaps.Add($"{reference} does not resolve");
            }
        }

        Assert.Empty(gaps.Distinct());
    }

    [Fact]
    public void Document_ShouldHoldNoConstructPowerPlatformRefuses()
    {
        // Swagger 2.0 has no oneOf/anyOf and no type lists; Power Platform refuses a document that holds them anyway.
        var refused = Descendants(documents.Swagger).OfType<JsonObject>()
            .SelectMany(o => o.Where(p => p.Key is "oneOf" or "anyOf" || (p.Key == "type" && p.Value is JsonArray)).Select(p => p.Key))
            .ToArray();

        Assert.Empty(refused);
    }

    [Fact]
    public void EveryEventType_ShouldHaveOneWebhookTriggerWhoseCallbackUrlThePlatformFills()
    {
        var swagger = documents.Swagger;
        var triggers = Operations().Where(o => (string?)o.Operation[ConnectorExtensions.Trigger] == "single").ToArray();

        Assert.Equal(EventTypes.All.Select(t => $"/api/v1/webhook-triggers/{t.WireName()}").Order(StringComparer.Ordinal), triggers.Select(t => t.Path).Order(StringComparer.Ordinal));
        foreach (var (path, method, operation) in triggers)
        {
            Assert.Equal("post", method);
            var body = Assert.Single(operation["parameters"]!.AsArray(), p => (string?)p!["in"] == "body")!;
            var schema = Resolve(swagger, body["schema"]!.AsObject());
            var url = schema["properties"]!["url"]!;
            Assert.True((bool?)url[ConnectorExtensions.NotificationUrl] == true, $"{path}: url is not the notification URL");
            Assert.Equal("internal", (string?)url[ConnectorExtensions.Visibility]);
            Assert.Contains("url", schema["required"]!.AsArray().Select(r => (string?)r));
            var created = operation["responses"]!["201"]!;
            Assert.NotNull(created["headers"]?["Location"]);
            Assert.Equal(["data", "id", "time", "type"], created["schema"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        }
    }

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in documents.Swagger["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(p => Methods.Contains(p.Key)))
            {
                yield return (path, method, operation!.AsObject());
            }
        }
    }

    private static JsonObject Resolve(JsonObject swagger, JsonObject schema) =>
        (string?)schema["$ref"] is { } reference ? swagger["definitions"]![reference["#/definitions/".Length..]]!.AsObject() : schema;

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]+$")]
    private static partial Regex OperationId();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex PathParameter();
}
