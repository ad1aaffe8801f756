using System.Text.Json;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Serves every non-HTTP function at <c>POST /{FunctionName}</c>, the path the Functions host (and the local
/// trigger host) posts invocations to.
/// </summary>
public static class TriggerEndpoints
{
    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var function in FunctionTable.All.Where(f => f.HandlerType is not null))
        {
            app.MapPost("/" + function.Name, (HttpContext context, CancellationToken cancellationToken) => InvokeAsync(function, context, cancellationToken))
                .ExcludeFromDescription()
                .WithName(function.Name);
        }

        return app;
    }

    private static async Task<IResult> InvokeAsync(FunctionDefinition function, HttpContext context, CancellationToken cancellationToken)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Functions." + function.Name);
        var invocationId = context.Request.Headers["X-Azure-Functions-InvocationId"].ToString();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InvocationId"] = invocationId, ["Function"] = function.Name });
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "The invocation body is not JSON.");
            return InvocationResult.Failed("The invocation body is not JSON.");
        }

        try
        {
            var handler = context.RequestServices.GetRequiredService(function.HandlerType!);
            switch (function.Trigger, handler)
            {
                case (QueueTrigger, IQueueFunction queueFunction):
                    var message = InvocationRequest.ReadQueueMessage(body, QueueTrigger.BindingName);
                    await queueFunction.HandleAsync(message, cancellationToken);
                    break;
                case (TimerTrigger, ITimerFunction timerFunction):
                    await timerFunction.HandleAsync(InvocationRequest.ReadTimer(body, TimerTrigger.BindingName), cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"{function.Name} has no handler for its trigger.");
            }

            return InvocationResult.Succeeded();
        }
        catch (InvocationFormatException ex)
        {
            logger.LogError(ex, "The invocation payload is not in the host's shape.");
            return InvocationResult.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed invocation is retried by the host (or the local trigger host) and finally poisoned.
            logger.LogError(ex, "{Function} failed.", function.Name);
            return InvocationResult.Failed($"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>The reply body the host expects. It must never be empty: an empty 2xx leaves the invocation hanging.</summary>
public static class InvocationResult
{
    // The host reads these exact names, ReturnValue included even when null: not the API's JSON conventions.
    private static readonly JsonSerializerOptions HostJson = new();

    public static IResult Succeeded() =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?>(), [], null), HostJson, "application/json");

    public static IResult Failed(string log) =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?>(), [log], null), HostJson, "application/json", StatusCodes.Status500InternalServerError);

    public sealed record InvocationResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
        [property: System.Text.Json.Serialization.JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
        [property: System.Text.Json.Serialization.JsonPropertyName("ReturnValue")] object? ReturnValue);
}
