using System.Text.Json;
using System.Text.Json.Nodes;
using PromoServerless.Functions.Access;

namespace PromoServerless.Functions.Api;

/// <summary>
/// The custom connector's two files, made from the served Swagger 2.0 document: <c>apiDefinition.swagger.json</c> (the
/// document with a placeholder host, https only) and <c>apiProperties.json</c> (the API key connection parameter).
/// <c>docs/connector/</c> holds them; a contract test fails when they differ from what this makes.
/// </summary>
public static class ConnectorFiles
{
    public const string DefinitionFile = "apiDefinition.swagger.json";
    public const string PropertiesFile = "apiProperties.json";

    /// <summary>Replaced by the function app's host name when the connector is imported.</summary>
    public const string PlaceholderHost = "your-function-app.azurewebsites.net";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ApiDefinition(string swaggerJson)
    {
        var document = JsonNode.Parse(swaggerJson)!.AsObject();
        document["host"] = PlaceholderHost;
        document["basePath"] = "/";
        document["schemes"] = new JsonArray("https");
        return document.ToJsonString(Indented) + "\n";
    }

    public static string ApiProperties()
    {
        var properties = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["connectionParameters"] = new JsonObject
                {
                    ["api_key"] = new JsonObject
                    {
                        ["type"] = "securestring",
                        ["uiDefinition"] = new JsonObject
                        {
                            ["displayName"] = "API key",
                            ["description"] = $"A brand API key, sent as {ApiKeyAuthenticationHandler.HeaderName}.",
                            ["tooltip"] = "Create one with POST /api/v1/brands/{brandId}/api-keys; give it the scopes the flow needs (webhooks:write for triggers).",
                            ["constraints"] = new JsonObject { ["tabIndex"] = 2, ["clearText"] = false, ["required"] = "true" },
                        },
                    },
                },
                ["iconBrandColor"] = "#1F6FEB",
                ["capabilities"] = new JsonArray(),
                ["publisher"] = "PromoServerless",
                ["stackOwner"] = "PromoServerless",
            },
        };
        return properties.ToJsonString(Indented) + "\n";
    }
}
