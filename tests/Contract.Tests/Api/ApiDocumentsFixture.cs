using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromoServerless.Functions;
using PromoServerless.Functions.Api;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>
/// The app's services as the worker registers them (Production, never started: no storage or other service is reached), and both API
/// documents served the way a client gets them: the <c>OpenApiDocument</c> operation run through the API pipeline.
/// </summary>
public sealed class ApiDocumentsFixture : IAsyncLifetime
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

    private async Task<string> ServeAsync(string documentName)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("promo.example.test");
        context.Request.Path = $"/api/openapi/{documentName}.json";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await _host.Services.GetRequiredService<ApiPipeline>().InvokeAsync(context, ApiDocuments.OpenApiOperation, durableClient: null);

        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"{context.Request.Path} answered {context.Response.StatusCode}: {text}");
        }

        return text;
    }
}
