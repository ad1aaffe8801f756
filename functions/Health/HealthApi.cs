using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Health;

[ApiArea("Health", Keyed = false)]
public static class HealthApi
{
    [Function(nameof(Health)), ProducesResponseType(typeof(HealthReport), StatusCodes.Status503ServiceUnavailable)]
    [EndpointSummary("Whether the app can reach its table and queue storage.")]
    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, StorageClients storage, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var tables = await ProbeAsync(() => storage.Table(TableNames.Brands).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token));
        var queues = await ProbeAsync(() => storage.ShopifyEvents.GetPropertiesAsync(timeout.Token));
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
