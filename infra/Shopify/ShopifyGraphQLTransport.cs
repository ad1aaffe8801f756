using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PromoServerless.Infra.Shopify;

/// <summary>A document to send: its operation name (also its file name), text and variables.</summary>
internal sealed record GraphQLRequest(string OperationName, JsonObject Variables, bool IsMutation)
{
    public string Query => GraphQLDocuments.Get(OperationName);
}

/// <summary>
/// Sends GraphQL documents to one shop's Admin API: waits for the cost bucket, retries THROTTLED and 429 answers, retries
/// reads that got a 5xx or a transport failure with bounded exponential back-off unless the caller retries them
/// (<see cref="ShopifyCallerRetries"/>), and turns top-level errors into <see cref="ShopifyGraphQLException"/>.
/// A mutation whose answer is lost is never re-sent here: it surfaces as <see cref="ShopifyOutcomeUnknownException"/>.
/// </summary>
internal sealed class ShopifyGraphQLTransport(
    HttpClient http,
    ShopifyCostBuckets buckets,
    IOptions<ShopifyOptions> options,
    TimeProvider time,
    ILogger<ShopifyGraphQLTransport> logger)
{
    private const double UnknownMutationCost = 10;
    private const double UnknownQueryCost = 1;
    private readonly ShopifyOptions _options = options.Value;

    public async Task<JsonObject> SendAsync(ShopifyShop shop, GraphQLRequest request, CancellationToken cancellationToken)
    {
        var bucket = buckets.For(shop.Domain);
        for (var attempt = 0; ; attempt++)
        {
            var expected = bucket.ExpectedCost(request.OperationName, request.IsMutation ? UnknownMutationCost : UnknownQueryCost);
            var wait = bucket.Reserve(expected);
            QueryCost? cost = null;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    logger.LogDebug("Waiting {Wait} for {Shop}'s cost bucket before {Operation} ({Cost} points)", wait, shop.Domain, request.OperationName, expected);
                    await Task.Delay(wait, time, cancellationToken);
                }

                var outcome = await SendOnceAsync(shop, request, cancellationToken);
                cost = outcome.Cost;
                switch (outcome.Kind)
                {
                    case AttemptKind.Success:
                        return outcome.Data!;
                    case AttemptKind.Throttled when attempt < _options.MaxRetries:
                        logger.LogInformation(
                            "Shopify throttled {Operation} for {Shop} (requested {Requested}, available {Available}); retrying",
                            request.OperationName, shop.Domain, cost?.RequestedQueryCost, cost?.ThrottleStatus?.CurrentlyAvailable);
                        if (cost?.ThrottleStatus is null)
                        {
                            await Task.Delay(Backoff(attempt, outcome.RetryAfter), time, cancellationToken);
                        }

                        continue;
                    case AttemptKind.Retryable when request.IsMutation:
                        throw new ShopifyOutcomeUnknownException(
                            $"{request.OperationName} for {shop.Domain} got {outcome.Describe()}; it may or may not have taken effect.",
                            shop.Domain, request.OperationName, outcome.StatusCode, outcome.Exception);
                    case AttemptKind.Retryable when attempt < _options.MaxRetries && !ShopifyCallerRetries.AreActive:
                        logger.LogWarning(outcome.Exception, "{Operation} for {Shop} failed with {Failure}; retry {Attempt}", request.OperationName, shop.Domain, outcome.Describe(), attempt + 1);
                        await Task.Delay(Backoff(attempt, outcome.RetryAfter), time, cancellationToken);
                        continue;
                    default:
                        throw outcome.ToException(shop, request, logger);
                }
            }
            finally
            {
                bucket.Complete(request.OperationName, cost);
            }
        }
    }

    private async Task<AttemptOutcome> SendOnceAsync(ShopifyShop shop, GraphQLRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.BuildEndpoint(shop.Domain))
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["query"] = request.Query,
                ["operationName"] = request.OperationName,
                ["variables"] = request.Variables.DeepClone(),
            }),
        };
        message.Headers.Add("X-Shopify-Access-Token", shop.AccessToken);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return AttemptOutcome.Failed(AttemptKind.Retryable, null, null, ex);
        }

        using (response)
        {
            var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            JsonObject? body;
            try
            {
                body = await ReadJsonAsync(response, cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                return AttemptOutcome.Failed(AttemptKind.Retryable, response.StatusCode, requestId, ex);
            }

            var cost = ReadCost(body);
            var errors = ReadErrors(body);
            var retryAfter = response.Headers.RetryAfter?.Delta;

            if (response.StatusCode == HttpStatusCode.TooManyRequests || errors.Any(e => e.Code == "THROTTLED"))
            {
                return new AttemptOutcome(AttemptKind.Throttled, null, cost, errors, response.StatusCode, requestId, retryAfter, null);
            }

            if ((int)response.StatusCode >= 500)
            {
                return new AttemptOutcome(AttemptKind.Retryable, null, cost, errors, response.StatusCode, requestId, retryAfter, null);
            }

            if (!response.IsSuccessStatusCode || errors.Count > 0 || body?["data"] is not JsonObject data)
            {
                return new AttemptOutcome(AttemptKind.Fatal, null, cost, errors, response.StatusCode, requestId, null, null);
            }

            logger.LogDebug("{Operation} for {Shop} cost {Cost} (request {RequestId})", request.OperationName, shop.Domain, cost?.ActualQueryCost, requestId);
            return new AttemptOutcome(AttemptKind.Success, data, cost, errors, response.StatusCode, requestId, null, null);
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = _options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        var jittered = capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
        var delay = TimeSpan.FromMilliseconds(jittered);
        return retryAfter is { } floor && floor > delay ? floor : delay;
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or IOException or TimeoutRejectedException or JsonException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] != '{')
        {
            return null;
        }

        return JsonNode.Parse(text) as JsonObject;
    }

    private static QueryCost? ReadCost(JsonObject? body)
    {
        if (body?["extensions"]?["cost"] is not JsonObject cost)
        {
            return null;
        }

        ThrottleStatus? status = cost["throttleStatus"] is JsonObject s
            ? new ThrottleStatus(Number(s["maximumAvailable"]), Number(s["currentlyAvailable"]), Number(s["restoreRate"]))
            : null;
        return new QueryCost(Number(cost["requestedQueryCost"]), cost["actualQueryCost"] is null ? null : Number(cost["actualQueryCost"]), status);
    }

    private static double Number(JsonNode? node) => node is null ? 0 : node.GetValue<double>();

    private static List<ShopifyGraphQLError> ReadErrors(JsonObject? body)
    {
        var list = new List<ShopifyGraphQLError>();
        switch (body?["errors"])
        {
            case JsonArray array:
                foreach (var item in array.OfType<JsonObject>())
                {
                    list.Add(new ShopifyGraphQLError(
                        item["message"]?.ToString() ?? "(no message)",
                        item["extensions"]?["code"]?.ToString(),
                        item["path"] is JsonArray path ? path.Select(p => p?.ToString() ?? string.Empty).ToArray() : []));
                }

                break;
            case JsonValue value:
                list.Add(new ShopifyGraphQLError(value.ToString(), null, []));
                break;
        }

        return list;
    }

    private enum AttemptKind
    {
        Success,
        Throttled,
        Retryable,
        Fatal,
    }

    private sealed record AttemptOutcome(
        AttemptKind Kind,
        JsonObject? Data,
        QueryCost? Cost,
        IReadOnlyList<ShopifyGraphQLError> Errors,
        HttpStatusCode? StatusCode,
        string? RequestId,
        TimeSpan? RetryAfter,
        Exception? Exception)
    {
        public static AttemptOutcome Failed(AttemptKind kind, HttpStatusCode? status, string? requestId, Exception ex) =>
            new(kind, null, null, [], status, requestId, null, ex);

        public string Describe() => Exception is not null
            ? Exception.GetType().Name
            : $"HTTP {(int?)StatusCode}{(Errors.Count > 0 ? " " + Errors[0].Code : string.Empty)}";

        public ShopifyGraphQLException ToException(ShopifyShop shop, GraphQLRequest request, ILogger logger)
        {
            var summary = Errors.Count > 0 ? string.Join("; ", Errors.Select(e => e.Code is null ? e.Message : $"{e.Code}: {e.Message}")) : Describe();
            logger.LogError(
                Exception,
                "Shopify refused {Operation} for {Shop}: {Errors} (HTTP {Status}, requested cost {Cost}, request {RequestId})",
                request.OperationName, shop.Domain, summary, (int?)StatusCode, Cost?.RequestedQueryCost, RequestId);
            return new ShopifyGraphQLException(
                $"{request.OperationName} for {shop.Domain} failed: {summary} (request id {RequestId ?? "none"}).",
                shop.Domain, request.OperationName, Errors, Cost, RequestId, StatusCode, Exception);
        }
    }
}

internal static class JsonNodeReading
{
    public static string? Str(this JsonNode? node, string name) => node?[name] is JsonValue v ? v.ToString() : null;

    public static int? Int(this JsonNode? node, string name) => node?[name] is JsonValue v ? v.GetValue<int>() : null;

    public static bool? Bool(this JsonNode? node, string name) => node?[name] is JsonValue v ? v.GetValue<bool>() : null;

    public static DateTimeOffset? Date(this JsonNode? node, string name) =>
        node.Str(name) is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    public static decimal Dec(this JsonNode? node, string name) =>
        node?[name] is JsonValue v ? (v.TryGetValue<decimal>(out var d) ? d : decimal.Parse(v.ToString(), CultureInfo.InvariantCulture)) : 0m;
}
