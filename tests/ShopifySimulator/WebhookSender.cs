using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace PromoServerless.ShopifySimulator;

/// <summary>Delivers a webhook the way Shopify does: JSON body, base64 HMAC-SHA256 of the raw bytes, and Shopify's headers.</summary>
public sealed class WebhookSender(HttpClient http, SimulatorSettings settings)
{
    public const string ApiVersion = "2026-01";

    public Task<WebhookDelivery> DeliverAsync(ShopState shop, string topic, JsonObject payload, CancellationToken cancellationToken) =>
        DeliverAsync(shop, topic, payload.ToJsonString(), Guid.NewGuid().ToString(), cancellationToken);

    /// <summary>Delivers <paramref name="body"/> as it is under <paramref name="webhookId"/>: a redelivery reuses both, as Shopify's retries do.</summary>
    public async Task<WebhookDelivery> DeliverAsync(ShopState shop, string topic, string body, string webhookId, CancellationToken cancellationToken)
    {
        if (shop.Config.WebhookUrl is not { } url)
        {
            return Record(shop, new WebhookDelivery(topic, webhookId, body, null, "The shop has no webhook URL."));
        }

        var target = new Uri(url);
        if (!target.IsLoopback && !(IPAddress.TryParse(target.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return Record(shop, new WebhookDelivery(topic, webhookId, body, null, "The simulator only delivers webhooks to loopback addresses."));
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(shop.Config.WebhookSecret), bytes)));
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Shop-Domain", shop.Config.Domain);
        request.Headers.Add("X-Shopify-API-Version", ApiVersion);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Event-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Triggered-At", settings.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return Record(shop, new WebhookDelivery(topic, webhookId, body, (int)response.StatusCode, null));
        }
        catch (HttpRequestException ex)
        {
            return Record(shop, new WebhookDelivery(topic, webhookId, body, null, ex.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Shopify gives up on a delivery after about 5 s and retries it later.
            return Record(shop, new WebhookDelivery(topic, webhookId, body, null, "The receiver did not answer in time."));
        }
    }

    private static WebhookDelivery Record(ShopState shop, WebhookDelivery delivery)
    {
        shop.Deliveries.Enqueue(delivery);
        return delivery;
    }
}
