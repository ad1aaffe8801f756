using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace PromoServerless.FunctionsHost;

/// <summary>Routes each HTTP function's route and methods to its method, as the Functions host does.</summary>
internal static class HttpTriggers
{
    public static void Map(WebApplication app, IEnumerable<FunctionInvoker> functions, string routePrefix)
    {
        foreach (var function in functions)
        {
            var trigger = function.Function.Trigger;
            var methods = (trigger.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(m => m.ToUpperInvariant()).ToArray();
            var pattern = "/" + string.Join('/', new[] { routePrefix, trigger.Route ?? function.Function.Name }.Where(s => !string.IsNullOrEmpty(s)));
            app.MapMethods(pattern, methods, (HttpContext context) => InvokeAsync(function, context)).WithName(function.Function.Name);
        }
    }

    private static async Task InvokeAsync(FunctionInvoker function, HttpContext context)
    {
        var result = await function.InvokeAsync(context.RequestServices, p => Bind(p, context));
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult http:
                await http.ExecuteAsync(context);
                break;
            case null:
                break;
            default:
                throw new InvalidOperationException($"Function {function.Function.Name} returned {result.GetType().Name}; HTTP functions return IActionResult or IResult.");
        }
    }

    private static (bool, object?) Bind(System.Reflection.ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return (true, context.Request);
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (true, context.RequestAborted);
        }

        if (parameter.ParameterType == typeof(DurableTaskClient) && parameter.IsDefined(typeof(DurableClientAttribute), false))
        {
            return (true, context.RequestServices.GetRequiredService<DurableTaskClient>());
        }

        if (parameter.ParameterType == typeof(string) && context.Request.RouteValues.TryGetValue(parameter.Name!, out var value))
        {
            return (true, value?.ToString());
        }

        return (false, null);
    }
}
