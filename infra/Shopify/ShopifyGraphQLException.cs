using System.Net;

namespace PromoServerless.Infra.Shopify;

/// <summary>One entry of a response's top-level <c>errors</c>.</summary>
public sealed record ShopifyGraphQLError(string Message, string? Code, IReadOnlyList<string> Path);

/// <summary>The <c>extensions.cost</c> block Shopify returns with every GraphQL answer.</summary>
public sealed record QueryCost(double RequestedQueryCost, double? ActualQueryCost, ThrottleStatus? ThrottleStatus);

public sealed record ThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

/// <summary>
/// A request Shopify refused or that could not be completed: top-level GraphQL <c>errors</c>, an HTTP error status,
/// or a transport failure after the retries were spent. Carries what is needed to trace it with Shopify.
/// </summary>
public class ShopifyGraphQLException : Exception
{
    public ShopifyGraphQLException(
        string message,
        string shopDomain,
        string operationName,
        IReadOnlyList<ShopifyGraphQLError>? errors = null,
        QueryCost? cost = null,
        string? requestId = null,
        HttpStatusCode? statusCode = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ShopDomain = shopDomain;
        OperationName = operationName;
        Errors = errors ?? [];
        Cost = cost;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    public ShopifyGraphQLException()
        : this("Shopify request failed.", string.Empty, string.Empty)
    {
    }

    public ShopifyGraphQLException(string message)
        : this(message, string.Empty, string.Empty)
    {
    }

    public ShopifyGraphQLException(string message, Exception innerException)
        : this(message, string.Empty, string.Empty, innerException: innerException)
    {
    }

    public string ShopDomain { get; }

    public string OperationName { get; }

    public IReadOnlyList<ShopifyGraphQLError> Errors { get; }

    public QueryCost? Cost { get; }

    /// <summary>Shopify's <c>X-Request-Id</c> of the failed answer, when there was one.</summary>
    public string? RequestId { get; }

    public HttpStatusCode? StatusCode { get; }
}

/// <summary>
/// A mutation was sent but its answer was lost (timeout, dropped connection or 5xx), so it may or may not have taken effect.
/// The client reads Shopify's state before deciding anything; callers see this only when that read could not settle it.
/// </summary>
public sealed class ShopifyOutcomeUnknownException : ShopifyGraphQLException
{
    public ShopifyOutcomeUnknownException(string message, string shopDomain, string operationName, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, shopDomain, operationName, statusCode: statusCode, innerException: innerException)
    {
    }

    public ShopifyOutcomeUnknownException()
    {
    }

    public ShopifyOutcomeUnknownException(string message)
        : base(message)
    {
    }

    public ShopifyOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
