using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask.Client;

namespace PromoServerless.Functions.Api;

/// <summary>
/// What every API request goes through inside the worker, under any Functions host: problem answers for exceptions
/// and bare status codes, the API key, the endpoint's scope, then the endpoint itself with ASP.NET Core's own
/// parameter binding and typed results.
/// </summary>
public sealed class ApiPipeline
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    private readonly RequestDelegate _pipeline;

    public ApiPipeline(ApiEndpoints endpoints)
    {
        var app = endpoints.CreateApplicationBuilder();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Run(context => context.GetEndpoint()!.RequestDelegate!(context));
        _pipeline = app.Build();
    }

    /// <summary>Runs <paramref name="endpoint"/> on a request whose route values the worker's routing has set.</summary>
    public Task InvokeAsync(HttpContext context, RouteEndpoint endpoint)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        context.SetEndpoint(endpoint);
        return _pipeline(context);
    }
}

/// <summary>
/// The worker middleware that runs an HTTP function: once the ASP.NET Core integration has paired the invocation
/// with its request, the function's endpoint runs on it through <see cref="ApiPipeline"/>; a <c>[DurableClient]</c>
/// the function declares is bound by the Durable extension's converter and handed to the endpoint as a service of its request.
/// Functions of other triggers go on to the worker's own invoker.
/// </summary>
public sealed class ApiFunctionMiddleware(ApiEndpoints endpoints, ApiPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (endpoints.Find(context.FunctionDefinition.Name) is not { } endpoint)
        {
            await next(context);
            return;
        }

        var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} is an HTTP function invoked without its request.");
        foreach (var binding in context.FunctionDefinition.InputBindings.Values.Where(b => b.Type.Equals("durableClient", StringComparison.OrdinalIgnoreCase)))
        {
            var client = await context.BindInputAsync<DurableTaskClient>(binding);
            http.RequestServices.GetRequiredService<InvocationDurableClient>().Client = client.Value;
        }

        await pipeline.InvokeAsync(http, endpoint);

        // The endpoint has written the answer; nothing is left for the integration to write.
        context.GetInvocationResult().Value = Results.Empty;
    }
}

/// <summary>The Durable client the current invocation's <c>[DurableClient]</c> binding gave (one per invocation scope).</summary>
public sealed class InvocationDurableClient
{
    public DurableTaskClient? Client { get; set; }
}
