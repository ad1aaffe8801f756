using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>
/// <c>POST /{shop}/admin/api/{version}/graphql.json</c>: authenticates the token, validates the document against the schema,
/// charges the cost bucket (THROTTLED when it cannot pay), injects faults, runs the operation under the shop's lock,
/// and answers in Shopify's shape with <c>extensions.cost</c>.
/// </summary>
internal static class GraphQLEndpoint
{
    public static void MapShopifyGraphQL(this IEndpointRouteBuilder app) =>
        app.MapPost("/{shop}/admin/api/{version}/graphql.json", HandleAsync);

    private static async Task HandleAsync(string shop, string version, HttpContext http, SimulatorState state)
    {
        var store = state.Find(shop);
        http.Response.Headers["X-Request-Id"] = Guid.NewGuid().ToString();
        if (store is null)
        {
            await WriteAsync(http, StatusCodes.Status404NotFound, new JsonObject { ["errors"] = "Not Found" });
            return;
        }

        if (!string.Equals(http.Request.Headers["X-Shopify-Access-Token"], store.Config.AccessToken, StringComparison.Ordinal))
        {
            await WriteAsync(http, StatusCodes.Status401Unauthorized, new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" });
            return;
        }

        store.Counters.CountRequest();
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        var query = body?["query"]?.ToString() ?? string.Empty;
        var variables = body?["variables"] as JsonObject ?? [];
        var operationName = body?["operationName"]?.ToString();

        ParsedRequest request;
        try
        {
            request = new ParsedRequest(Parser.Parse(query), operationName, variables);
        }
        catch (Exception ex) when (ex is GraphQLParser.Exceptions.GraphQLSyntaxErrorException or InvalidOperationException)
        {
            store.Counters.CountRejectedDocument();
            await WriteAsync(http, 200, Errors([(ex.Message, "PARSE_ERROR")]));
            return;
        }

        if (state.Settings.ValidateDocuments)
        {
            var errors = ShopifySchemaValidator.Shared.ValidateDocument(query, variables.ToJsonString(), operationName);
            if (errors.Count > 0)
            {
                store.Counters.CountRejectedDocument();
                await WriteAsync(http, 200, Errors(errors.Select(e => (e.Message, e.Code ?? "GRAPHQL_VALIDATION_FAILED")).ToArray()));
                return;
            }
        }

        var rootNames = request.RootFields.Select(f => f.Name.StringValue).ToArray();
        var faults = store.Faults.Draw(rootNames, request.IsMutation);
        foreach (var latency in faults.Where(f => f.Kind == FaultKind.Latency))
        {
            await Task.Delay(latency.Delay, state.Settings.Time, http.RequestAborted);
        }

        var requested = QueryCostCalculator.Requested(request);
        if (faults.FirstOrDefault(f => f.Kind == FaultKind.ServerError) is { } serverError)
        {
            store.Counters.CountServerError();
            await WriteAsync(http, serverError.StatusCode, new JsonObject { ["errors"] = "Internal Server Error" });
            return;
        }

        if (faults.Any(f => f.Kind == FaultKind.TooManyRequests))
        {
            store.Counters.CountThrottled();
            http.Response.Headers.RetryAfter = "1";
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, new JsonObject { ["errors"] = "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." });
            return;
        }

        JsonObject response;
        lock (store.Gate)
        {
            response = Execute(store, state.Settings, request, requested, forceThrottle: faults.Any(f => f.Kind == FaultKind.Throttled));
        }

        if (faults.Any(f => f.Kind == FaultKind.DropAfterCommit))
        {
            store.Counters.CountDroppedConnection();
            http.Abort();
            return;
        }

        await WriteAsync(http, 200, response);
    }

    private static JsonObject Execute(ShopState store, SimulatorSettings settings, ParsedRequest request, int requested, bool forceThrottle)
    {
        store.RunDueJobs();
        if (requested > settings.MaxQueryCost)
        {
            var tooExpensive = Errors([($"Query cost is {requested}, which exceeds the single query max cost limit ({settings.MaxQueryCost}).", "MAX_COST_EXCEEDED")]);
            tooExpensive["extensions"] = Cost(store, requested, null);
            return tooExpensive;
        }

        if (forceThrottle || !store.Bucket.TryTake(requested))
        {
            store.Counters.CountThrottled();
            var throttled = Errors([("Throttled", "THROTTLED")]);
            throttled["extensions"] = Cost(store, requested, null);
            return throttled;
        }

        var data = new JsonObject();
        try
        {
            foreach (var field in request.RootFields)
            {
                var key = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                data[key] = field.Name.StringValue == "__typename"
                    ? JsonValue.Create(request.IsMutation ? "Mutation" : "QueryRoot")
                    : ResultProjector.Project(request, RootFields.Resolve(store, request, field), field);
            }
        }
        catch (TopLevelGraphQLException ex)
        {
            store.Bucket.Refund(requested);
            var failed = Errors([(ex.Message, ex.Code)]);
            failed["extensions"] = Cost(store, requested, 0);
            return failed;
        }

        store.PointsSpent += requested;
        return new JsonObject { ["data"] = data, ["extensions"] = Cost(store, requested, requested) };
    }

    private static JsonObject Cost(ShopState store, int requested, int? actual) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = store.Bucket.Size,
                ["currentlyAvailable"] = Math.Floor(store.Bucket.Available),
                ["restoreRate"] = store.Bucket.RestoreRate,
            },
        },
    };

    private static JsonObject Errors(IReadOnlyList<(string Message, string Code)> errors) => new()
    {
        ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["message"] = e.Message,
            ["extensions"] = new JsonObject { ["code"] = e.Code },
        }).ToArray()),
    };

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(JsonOptions), http.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
