using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Primitives;
using PromoServerless.FunctionsHost.Functions;

namespace PromoServerless.FunctionsHost.Http;

/// <summary>
/// The host's HTTP front end: each HTTP function's route (under host.json's route prefix) and methods, filled in once
/// the worker has reported its functions. A matched request is invoked through the WebJobs host, as the Functions
/// host invokes it, with the route values as the trigger's route data.
/// </summary>
internal sealed class HttpFunctionRoutes : EndpointDataSource, IDisposable
{
    /// <summary>Where the HTTP extension looks for the route values of the request it is given.</summary>
    private const string RouteDataKey = "MS_AzureWebJobs_HttpRouteData";

    private CancellationTokenSource _changed = new();
    private IReadOnlyList<Endpoint> _endpoints = [];

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Dispose() => _changed.Dispose();

    public void Publish(IEnumerable<FunctionDefinition> functions, string routePrefix, IJobHost jobs)
    {
        _endpoints = functions.Where(f => f.IsHttp).Select((function, order) =>
        {
            var route = string.Join('/', new[] { routePrefix, function.Trigger.Route ?? function.Name }.Where(s => !string.IsNullOrEmpty(s)));
            var builder = new RouteEndpointBuilder(context => InvokeAsync(context, function, jobs), RoutePatternFactory.Parse("/" + route), order)
            {
                DisplayName = function.Name,
            };
            if (function.Trigger.Methods.Count > 0)
            {
                builder.Metadata.Add(new HttpMethodMetadata(function.Trigger.Methods));
            }

            return builder.Build();
        }).ToArray();

        // A fired token must not be handed out again: routing re-subscribes as soon as it fires.
        var published = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        published.Cancel();
        published.Dispose();
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDefinition function, IJobHost jobs)
    {
        context.Items[RouteDataKey] = context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        try
        {
            await jobs.CallAsync(function.Name, new Dictionary<string, object?> { [function.Trigger.Name] = context.Request }, context.RequestAborted);
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            // The function failed before answering: the Functions host answers 500 with no body.
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }
}
