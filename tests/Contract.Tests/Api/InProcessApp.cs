using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromoServerless.Functions;
using PromoServerless.Functions.Api;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>
/// The app's services as the worker registers them (Production, never started: no storage or other service is reached),
/// with API operations run in-process through the API pipeline as the HTTP functions run them, and both API documents
/// served the way a client gets them (the <c>OpenApiDocument</c> operation).
/// </summary>
public sealed class InProcessApp : IAsyncLifetime
{
    private IHost _host = null!;

    /// <summary>The OpenAPI 3.1 document as served.</summary>
    public string OpenApiText { get; private set; } = string.Empty;

    /// <summary>The Swagger 2.0 (Power Platform) document as served.</summary>
    public string SwaggerText { get; private set; } = string.Empty;

    public JsonObject OpenApi => (JsonObject)JsonNode.Parse(OpenApiText)!;

    public JsonObject Swagger => (JsonObject)JsonNode.Parse(SwaggerText)!;

    /// <summary>The API's operations with their metadata, as the pipeline runs them.</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        // The web host's own services (diagnostics, HTTP context factory), as ConfigureFunctionsWebApplication adds them to the worker.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["ShopifyEventsQueue"] = "shopify-events",
            ["Operator:ApiKey"] = "contract-operator-key-0123456789abcdef",
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:FromAddress"] = "codes@promoserverless.test",
        });
        builder.WebHost.UseTestServer();
        builder.AddApplicationServices();
        _host = builder.Build();

        Endpoints = _host.Services.GetRequiredService<ApiEndpoints>().Endpoints.ToArray();
        OpenApiText = await ServeAsync(ApiDocuments.DocumentName);
        SwaggerText = await ServeAsync(ApiDocuments.PowerPlatformDocumentName);
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the named operation on a request; <paramref name="user"/> stands in for a caller the API key handler would have authenticated.</summary>
    public async Task<InProcessAnswer> InvokeAsync(string operation, string method, string path, string? jsonBody = null, ClaimsPrincipal? user = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("promo.example.test");
        context.Request.Path = path;
        if (jsonBody is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(jsonBody);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new RequestWithBody());
        }

        if (user is not null)
        {
            context.User = user;
        }

        // The worker's routing sets the route values before the function runs; here the operation's own route gives them.
        var endpoint = _host.Services.GetRequiredService<ApiEndpoints>().Find(operation) ?? throw new InvalidOperationException($"No HTTP function is named {operation}.");
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary(endpoint.RoutePattern.Defaults)).TryMatch(context.Request.Path, values))
        {
            throw new InvalidOperationException($"{path} does not fit the route of {operation}.");
        }

        context.Request.RouteValues = values;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await _host.Services.GetRequiredService<ApiPipeline>().InvokeAsync(context, endpoint);
        return new InProcessAnswer(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    private async Task<string> ServeAsync(string documentName)
    {
        var answer = await InvokeAsync(ApiDocuments.OpenApiOperation, HttpMethods.Get, $"/api/openapi/{documentName}.json");
        return answer.Status == StatusCodes.Status200OK
            ? answer.Text
            : throw new InvalidOperationException($"The {documentName} document answered {answer.Status}: {answer.Text}");
    }
}

/// <summary>What a server says of a request that came with a body; DefaultHttpContext alone says it has none.</summary>
internal sealed class RequestWithBody : IHttpRequestBodyDetectionFeature
{
    public bool CanHaveBody => true;
}

/// <summary>An in-process answer: status, content type and body text.</summary>
public sealed record InProcessAnswer(int Status, string? ContentType, string Text)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Text)!;
}
