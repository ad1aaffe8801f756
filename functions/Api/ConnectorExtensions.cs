using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PromoServerless.Domain.Events;
using PromoServerless.Functions.Webhooks;

namespace PromoServerless.Functions.Api;

/// <summary>
/// What a Power Automate / Logic Apps custom connector reads besides Swagger 2.0 itself: <c>x-ms-summary</c> and
/// <c>x-ms-visibility</c> on every parameter and body field, one webhook trigger per event type
/// (<c>x-ms-trigger: single</c>, the callback URL marked <c>x-ms-notification-url</c>, the 201 answer describing the
/// event the flow receives), and the operations machines call (the health probe, Shopify's webhook) hidden. Applied to the Swagger 2.0 document only.
/// </summary>
internal static class ConnectorExtensions
{
    public const string Summary = "x-ms-summary";
    public const string Visibility = "x-ms-visibility";
    public const string Trigger = "x-ms-trigger";
    public const string NotificationUrl = "x-ms-notification-url";

    /// <summary>Operations machines call, not flows: the health probe and Shopify's webhook. Hidden from flow authors.</summary>
    private static readonly HashSet<string> MachineOperations = ["Health", Sales.ShopifyWebhookApi.OperationName];

    /// <summary>Parameters a flow author rarely sets: shown under "advanced".</summary>
    private static readonly HashSet<string> AdvancedParameters = new(StringComparer.OrdinalIgnoreCase) { "pageSize", "continuationToken", IdempotencyKeyHeader.Name, "If-Match" };

    public static Task Operation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            Set(parameter, Summary, Words(parameter.Name ?? string.Empty));
            Set(parameter, Visibility, parameter.Required ? "important" : AdvancedParameters.Contains(parameter.Name ?? string.Empty) ? "advanced" : "none");
        }

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName is { } name && MachineOperations.Contains(name))
        {
            Set(operation, Visibility, "internal");
        }

        if (metadata.OfType<WebhookTriggerAttribute>().FirstOrDefault() is { } trigger)
        {
            DescribeTrigger(operation, trigger.Type);
        }

        return Task.CompletedTask;
    }

    /// <summary>Body fields get a readable name; the trigger's callback URL is filled in by the platform, so the flow author never sees it.</summary>
    public static Task Schema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema inline)
            {
                Set(inline, Summary, Words(name));
            }
        }

        if (context.JsonTypeInfo.Type == typeof(WebhookTriggerDraft) && schema.Properties?["url"] is OpenApiSchema url)
        {
            Set(url, NotificationUrl, true);
            Set(url, Visibility, "internal");
            schema.Required = new HashSet<string> { "url" };
        }

        return Task.CompletedTask;
    }

    private static void DescribeTrigger(OpenApiOperation operation, EventType type)
    {
        Set(operation, Trigger, "single");
        var created = operation.Responses?["201"] as OpenApiResponse ?? throw new InvalidOperationException($"The {type.WireName()} trigger has no 201 answer.");
        created.Description = $"The {type.WireName()} event, as the flow receives it.";
        created.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Location"] = new OpenApiHeader { Description = "The subscription; the platform deletes it when the flow is removed.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        created.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = EventSchema(type) } };
    }

    private static OpenApiSchema EventSchema(EventType type) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "id", "type", "time", "data" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["id"] = Field(JsonSchemaType.String, "Event id", "The same on every delivery attempt; dedupe on it."),
            ["type"] = Field(JsonSchemaType.String, "Event type", $"Always {type.WireName()}."),
            ["time"] = Field(JsonSchemaType.String, "Event time", "When it happened (UTC).", "date-time"),
            ["data"] = Field(JsonSchemaType.Object, "Event data", "What happened; see the README's event table."),
        },
    };

    private static OpenApiSchema Field(JsonSchemaType type, string summary, string description, string? format = null)
    {
        var schema = new OpenApiSchema { Type = type, Description = description, Format = format };
        Set(schema, Summary, summary);
        return schema;
    }

    private static void Set(IOpenApiExtensible element, string name, JsonNode value)
    {
        element.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        element.Extensions[name] = new JsonNodeExtension(value);
    }

    /// <summary><c>continuationToken</c> → "Continuation token", <c>Idempotency-Key</c> → "Idempotency key".</summary>
    internal static string Words(string name)
    {
        var words = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : words[^1] == ' ' ? char.ToLowerInvariant(c) : c);
            }
        }

        return System.Text.RegularExpressions.Regex.Replace(words.ToString(), @"\b[Uu]rl\b", "URL");
    }
}
