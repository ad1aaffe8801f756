using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>
/// <c>POST /api/webhooks/shopify</c>: Shopify's order, refund and privacy webhooks. Authenticated by the body's
/// HMAC under the brand's webhook secret (no API key), enqueued for <c>ProcessOrderEvent</c> (which skips a webhook id
/// it has applied before) and acknowledged at once.
/// </summary>
[ApiArea("Webhooks", Keyed = false)]
public static class ShopifyWebhookApi
{
    public const string OperationName = "ShopifyWebhook";
    public const int MaxBodyBytes = 1024 * 1024;
    private const string MaxBodyKilobytes = "1024";
    public const string ShopDomainHeader = "X-Shopify-Shop-Domain";
    public const string TopicHeader = "X-Shopify-Topic";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";

    [Function(OperationName), Consumes(typeof(JsonElement), "application/json"), ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status401Unauthorized)]
    [EndpointSummary("Receive a Shopify webhook (orders, refunds, privacy requests).")]
    [EndpointDescription(
        "Called by Shopify, not by API clients: authenticated by " + ShopifyWebhookVerifier.SignatureHeader + " (base64 HMAC-SHA256 of the raw body under the brand's webhook secret), " +
        "the brand found by " + ShopDomainHeader + ". Deliveries are queued and acknowledged with 200, and applied once per " + WebhookIdHeader + "; topics other than " +
        ShopifyTopics.HandledList + " are acknowledged and ignored. A body over " + MaxBodyKilobytes + " KB or not JSON gets 400.")]
    public static async Task<Results<Ok, ProblemHttpResult>> ShopifyWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/shopify")] HttpRequest request,
        WebhookShops shops,
        MessageQueue queue,
        WebhookPayloads payloads,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TooLarge();
        }

        var shopDomain = request.Headers[ShopDomainHeader].ToString();
        var shop = shopDomain.Length == 0 ? null : await shops.FindAsync(shopDomain, fresh: false);
        if (shop is not null && !ShopifyWebhookVerifier.IsValid(body, request.Headers, shop.Secret))
        {
            shop = await shops.FindAsync(shopDomain, fresh: true);
        }

        if (shop is null || !ShopifyWebhookVerifier.IsValid(body, request.Headers, shop.Secret))
        {
            return TypedResults.Problem(
                title: "The webhook is not authenticated.",
                detail: $"{ShopifyWebhookVerifier.SignatureHeader} must be the body's HMAC under the webhook secret of the shop in {ShopDomainHeader}.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!IsJson(body))
        {
            return BadRequest("body", "The body must be a JSON document.");
        }

        var topic = request.Headers[TopicHeader].ToString();
        if (!ShopifyTopics.Handled.Contains(topic))
        {
            return TypedResults.Ok();
        }

        var webhookId = request.Headers[WebhookIdHeader].ToString();
        if (webhookId.Length is 0 or > 200)
        {
            return BadRequest(WebhookIdHeader, $"The {WebhookIdHeader} header is required.");
        }

        // The message is the one write before the answer: what is on the queue is applied, at least once, and the
        // processor skips a webhook id it has already applied. A failed write answers 500, so Shopify delivers again.
        var blob = body.Length <= WebhookPayloads.MaxInlineBytes ? null : WebhookPayloads.Name(shop.BrandId, webhookId);
        if (blob is not null)
        {
            await payloads.SaveAsync(shop.BrandId, webhookId, new BinaryData(body), cancellationToken);
        }

        var message = new ShopifyEventMessage(shop.BrandId, topic, webhookId, time.GetUtcNow(), blob is null ? System.Text.Encoding.UTF8.GetString(body) : null, blob);
        await queue.EnqueueShopifyEventAsync(message, cancellationToken);
        return TypedResults.Ok();
    }

    /// <summary>The raw body, or null when it is over the limit (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ProblemHttpResult TooLarge() => BadRequest("body", "The body must be at most " + MaxBodyKilobytes + " KB.");

    private static ProblemHttpResult BadRequest(string field, string message) =>
        TypedResults.Problem(
            title: "The webhook is malformed.",
            detail: message,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
