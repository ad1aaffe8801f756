using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace PromoServerless.Functions.Api;

/// <summary>
/// The API as ASP.NET Core endpoints, one per HTTP function: each <c>[Function]</c> method whose trigger is HTTP is
/// itself the endpoint's handler, at its trigger's route and methods, with its own attributes (summary, scope,
/// problems) as metadata. The worker runs a function's endpoint when the function is invoked
/// (<see cref="ApiFunctionMiddleware"/>), and the OpenAPI documents are generated from the same endpoints, so they list
/// exactly the HTTP functions in functions.metadata.
/// </summary>
public sealed class ApiEndpoints : IEndpointRouteBuilder
{
    /// <summary>host.json's <c>extensions:http:routePrefix</c>, where the Functions host serves every HTTP function.</summary>
    public const string RoutePrefix = "api";

    private readonly List<EndpointDataSource> _dataSources = [];
    private readonly Lazy<EndpointDataSource> _built;
    private readonly Lazy<IReadOnlyDictionary<string, RouteEndpoint>> _byFunction;

    public ApiEndpoints(IServiceProvider services)
    {
        ServiceProvider = services;
        foreach (var type in typeof(ApiEndpoints).Assembly.GetTypes())
        {
            MapArea(type);
        }

        // Endpoint data sources build their endpoints on first read and are not safe to read concurrently that first
        // time; build once, then every reader (invocations, the OpenAPI generator) shares the result.
        _built = new Lazy<EndpointDataSource>(() => new DefaultEndpointDataSource(_dataSources.SelectMany(s => s.Endpoints).ToArray()));
        _byFunction = new Lazy<IReadOnlyDictionary<string, RouteEndpoint>>(() => Endpoints.ToDictionary(e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName, StringComparer.Ordinal));
    }

    public IServiceProvider ServiceProvider { get; }

    public ICollection<EndpointDataSource> DataSources => _dataSources;

    /// <summary>The API's endpoints, built once.</summary>
    public EndpointDataSource DataSource => _built.Value;

    public IEnumerable<RouteEndpoint> Endpoints => DataSource.Endpoints.OfType<RouteEndpoint>();

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    /// <summary>The endpoint of the HTTP function named <paramref name="function"/>; null for a function of another trigger.</summary>
    public RouteEndpoint? Find(string function) => _byFunction.Value.GetValueOrDefault(function);

    private void MapArea(Type type)
    {
        var functions = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Method: m, Name: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: HttpTriggerOf(m)))
            .Where(f => f.Name is not null && f.Trigger is not null)
            .ToArray();
        if (functions.Length == 0)
        {
            return;
        }

        var area = type.GetCustomAttribute<ApiAreaAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} has HTTP functions but no [ApiArea].");
        var group = this.MapGroup("/" + RoutePrefix).WithTags(area.Tag);
        if (area.Keyed)
        {
            group.RequireAuthorization()
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }

        foreach (var (method, name, trigger) in functions)
        {
            var methods = (trigger!.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(m => m.ToUpperInvariant()).ToArray();
            group.MapMethods("/" + trigger.Route, methods, HandlerOf(method)).WithName(name!);
        }
    }

    private static HttpTriggerAttribute? HttpTriggerOf(MethodInfo method) =>
        method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null);

    private static Delegate HandlerOf(MethodInfo method) =>
        method.CreateDelegate(Expression.GetDelegateType([.. method.GetParameters().Select(p => p.ParameterType), method.ReturnType]));
}
