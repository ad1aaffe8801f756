using Microsoft.AspNetCore.Routing.Patterns;
using Scalar.AspNetCore;

namespace PromoServerless.Functions.Api;

/// <summary>
/// The interactive API reference under <c>/api/reference</c>: Scalar's page and the scripts it loads, served by the
/// <c>ApiReference</c> function. Scalar maps them as a handful of endpoints; the function's path picks one.
/// </summary>
public sealed class ApiReferencePage
{
    private const string Prefix = "/" + ApiEndpoints.RoutePrefix + "/reference";

    private readonly RouteEndpoint _page;
    private readonly Dictionary<string, RouteEndpoint> _assets;

    public ApiReferencePage(IServiceProvider services)
    {
        var routes = new ApiEndpointsBuilder(services);
        routes.MapScalarApiReference(Prefix, o => o
            .WithTitle("PromoServerless API")
            .WithOpenApiRoutePattern("/" + ApiEndpoints.RoutePrefix + "/openapi/{documentName}.json")
            .AddDocument(ApiDocuments.DocumentName));
        var endpoints = routes.DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToArray();
        _page = endpoints.Single(e => e.RoutePattern.Parameters.Any(p => p.Name == "documentName"));
        _assets = endpoints.Where(e => e != _page).ToDictionary(e => e.RoutePattern.PathSegments[^1].Parts.OfType<RoutePatternLiteralPart>().Single().Content, StringComparer.Ordinal);
    }

    public Task ServeAsync(HttpContext context, string? path)
    {
        if (path is not null && _assets.TryGetValue(path, out var asset))
        {
            return asset.RequestDelegate!(context);
        }

        context.Request.RouteValues["documentName"] = string.IsNullOrEmpty(path) ? null : path.TrimEnd('/');
        return _page.RequestDelegate!(context);
    }

    /// <summary>A route builder of its own, so Scalar's endpoints stay out of the API's.</summary>
    private sealed class ApiEndpointsBuilder(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
