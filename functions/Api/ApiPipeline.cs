using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;

namespace PromoServerless.Functions.Api;

/// <summary>
/// What every API request goes through, under the Functions host and the local host alike: problem answers
/// for exceptions and bare status codes, the API key, the endpoint's scope, then the endpoint itself.
/// </summary>
public sealed class ApiPipeline
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    private readonly ApiEndpoints _endpoints;
    private readonly RequestDelegate _pipeline;

    public ApiPipeline(ApiEndpoints endpoints)
    {
        _endpoints = endpoints;
        var app = endpoints.CreateApplicationBuilder();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Run(context => context.GetEndpoint()!.RequestDelegate!(context));
        _pipeline = app.Build();
    }

    public async Task InvokeAsync(HttpContext context, string operation, DurableTaskClient? durableClient)
    {
        var match = _endpoints.Match(operation, context.Request.Path);
        if (match is null)
        {
            // The Functions host routed the request here, so its route and the endpoint's disagree: a bug, not bad input.
            throw new InvalidOperationException($"The path {context.Request.Path} does not fit the route of {operation}.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        if (durableClient is not null)
        {
            context.Features.Set(durableClient);
        }

        context.SetEndpoint(match.Value.Endpoint);
        context.Request.RouteValues = match.Value.Values;
        await _pipeline(context);
    }
}

/// <summary>The answer of an HTTP function: runs the named API operation on the request.</summary>
public sealed class ApiOperation(string name, DurableTaskClient? durableClient = null) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<ApiPipeline>().InvokeAsync(context.HttpContext, name, durableClient);
}
