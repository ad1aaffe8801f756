using Azure;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync).WithName("Health").WithTags("Health").Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable).WithSummary("Whether the app can reach its table and queue storage.").AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var tables = await ProbeAsync(() => storage.Table(TableNames.Brands).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token));
        var queues = await ProbeAsync(() => storage.Queue(Infra.Queues.QueueNames.ShopifyEvents).GetPropertiesAsync(timeout.Token));
        var report = new HealthReport(tables && queues ? "healthy" : "unhealthy", new Dictionary<string, string>
        {
            ["tables"] = tables ? "reachable" : "unreachable",
            ["queues"] = queues ? "reachable" : "unreachable",
        });
        return tables && queues ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> ProbeAsync<T>(Func<Task<T>> probe)
    {
        try
        {
            await probe();
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return false;
        }
    }
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);
