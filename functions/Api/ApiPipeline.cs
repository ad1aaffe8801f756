using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using System.Reflection;
using Microsoft.Azure.Functions.Worker.Converters;
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
        if (context.FunctionDefinition.InputBindings.Values.FirstOrDefault(b => b.Type.Equals("durableClient", StringComparison.OrdinalIgnoreCase)) is { } durable)
        {
            http.RequestServices.GetRequiredService<InvocationDurableClient>().Client = await DurableClientAsync(context, durable);
        }

        await pipeline.InvokeAsync(http, endpoint);

        // The endpoint has written the answer; nothing is left for the integration to write.
        context.GetInvocationResult().Value = Results.Empty;
    }

    /// <summary>
    /// The client that the converter named by <c>[DurableClient]</c> makes of the binding's payload, as the worker's
    /// invoker would bind the parameter: binding by type alone tries the JSON converter first, which fails on the
    /// abstract client.
    /// </summary>
    private static async Task<DurableTaskClient> DurableClientAsync(FunctionContext context, BindingMetadata binding)
    {
        var payload = await context.BindInputAsync<string>(binding);
        var converterType = typeof(DurableClientAttribute).GetCustomAttribute<InputConverterAttribute>()!.ConverterType;
        var converter = (IInputConverter)ActivatorUtilities.CreateInstance(context.InstanceServices, converterType);
        var result = await converter.ConvertAsync(new PayloadContext(typeof(DurableTaskClient), payload.Value, context));
        return result is { Status: ConversionStatus.Succeeded, Value: DurableTaskClient client }
            ? client
            : throw new InvalidOperationException($"The Durable client of {context.FunctionDefinition.Name} could not be bound.", result.Error);
    }

    private sealed class PayloadContext(Type targetType, object? source, FunctionContext context) : ConverterContext
    {
        public override Type TargetType => targetType;

        public override object? Source => source;

        public override FunctionContext FunctionContext => context;

        public override IReadOnlyDictionary<string, object> Properties { get; } = new Dictionary<string, object>();
    }
}

/// <summary>The Durable client the current invocation's <c>[DurableClient]</c> binding gave (one per invocation scope).</summary>
public sealed class InvocationDurableClient
{
    public DurableTaskClient? Client { get; set; }
}
