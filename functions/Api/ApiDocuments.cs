using Microsoft.AspNetCore.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using PromoServerless.Functions.Access;

namespace PromoServerless.Functions.Api;

/// <summary>
/// OpenAPI 3.1 generated from the endpoints' own metadata, a Swagger 2.0 rendering of the same for Power
/// Platform custom connectors, and an interactive reference page.
/// </summary>
[ApiArea("Documents", Keyed = false)]
public static class ApiDocuments
{
    public const string DocumentName = "v1";
    public const string PowerPlatformDocumentName = "v1-swagger2";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.AddDocumentTransformer(Describe);
            o.AddSchemaTransformer(TypeStringEnums);
        });
        services.AddOpenApi(PowerPlatformDocumentName, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi2_0;
            o.ShouldInclude = _ => true;
            o.AddDocumentTransformer(Describe);
            o.AddSchemaTransformer(TypeStringEnums);
            o.AddSchemaTransformer(ConnectorExtensions.Schema);
            o.AddOperationTransformer(ConnectorExtensions.Operation);
        });
        services.AddSingleton<ApiReferencePage>();
        return services;
    }

    public const string OpenApiOperation = nameof(OpenApiDocument);
    public const string ReferenceOperation = nameof(ApiReference);

    [Function(OpenApiOperation), ExcludeFromDescription]
    public static async Task<Results<ContentHttpResult, NotFound>> OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request, string documentName, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IOpenApiDocumentProvider>(documentName) is not { } provider)
        {
            return TypedResults.NotFound();
        }

        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var version = documentName == PowerPlatformDocumentName ? OpenApiSpecVersion.OpenApi2_0 : OpenApiSpecVersion.OpenApi3_1;
        return TypedResults.Text(await document.SerializeAsJsonAsync(version, cancellationToken), "application/json; charset=utf-8");
    }

    [Function(ReferenceOperation), ExcludeFromDescription]
    public static Task ApiReference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reference/{*path}")] HttpRequest request, string? path, ApiReferencePage page) =>
        page.ServeAsync(request.HttpContext, path);

    /// <summary>
    /// Enums travel as strings (ApiJson's converter), but the generator writes their schemas as a bare <c>enum</c>. OpenAPI 3.1
    /// allows that; Swagger 2.0 does not for a query or path parameter, and Power Platform refuses the document. Say the type.
    /// </summary>
    private static Task TypeStringEnums(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Type is null && schema.Enum is { Count: > 0 })
        {
            schema.Type = schema.Enum.Any(value => value is null) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PromoServerless API",
            Version = "v1",
            Description = "Promo code offers for creator programmes: offers, members, personal Shopify discount codes, emails and sales.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "A brand API key (or the operator key for /brands).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
