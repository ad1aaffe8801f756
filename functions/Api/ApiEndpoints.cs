using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace PromoServerless.Functions.Api;

/// <summary>
/// The API's operations as ASP.NET Core endpoints: the handlers, their parameter binding and their metadata,
/// mapped once from the features' <c>Map…Api</c> methods. Each HTTP function runs one of them by name, and
/// the OpenAPI documents are generated from the same endpoints.
/// </summary>
public sealed class ApiEndpoints : IEndpointRouteBuilder
{
    private readonly List<EndpointDataSource> _dataSources = [];
    private readonly Lazy<EndpointDataSource> _built;
    private readonly Lazy<ILookup<string, Operation>> _byName;

    public ApiEndpoints(IServiceProvider services)
    {
        ServiceProvider = services;
        ApiSurface.Map(this);

        // Endpoint data sources build their endpoints on first read and are not safe to read concurrently
        // that first time; build once, then every reader (requests, the OpenAPI generator) shares the result.
        _built = new Lazy<EndpointDataSource>(() => new DefaultEndpointDataSource(_dataSources.SelectMany(s => s.Endpoints).ToArray()));
        _byName = new Lazy<ILookup<string, Operation>>(() => Endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToLookup(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, e => new Operation(e, new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)))));
    }

    public IServiceProvider ServiceProvider { get; }

    public ICollection<EndpointDataSource> DataSources => _dataSources;

    /// <summary>The API's endpoints, built once.</summary>
    public EndpointDataSource DataSource => _built.Value;

    public IEnumerable<RouteEndpoint> Endpoints => DataSource.Endpoints.OfType<RouteEndpoint>();

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    /// <summary>
    /// The endpoint named <paramref name="name"/> (an operation may map several routes, as the reference page does)
    /// whose route fits the path, with the route values the path gives it; null if none fits.
    /// </summary>
    public (RouteEndpoint Endpoint, RouteValueDictionary Values)? Match(string name, PathString path)
    {
        if (!_byName.Value.Contains(name))
        {
            throw new InvalidOperationException($"No API endpoint is named {name}.");
        }

        foreach (var operation in _byName.Value[name])
        {
            var values = new RouteValueDictionary();
            if (operation.Matcher.TryMatch(path, values))
            {
                return (operation.Endpoint, values);
            }
        }

        return null;
    }

    private sealed record Operation(RouteEndpoint Endpoint, TemplateMatcher Matcher);
}
