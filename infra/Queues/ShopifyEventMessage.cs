using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Queues;

/// <summary>
/// What the webhook enqueues for <c>ProcessOrderEvent</c>: the brand, the topic, the delivery's id, and the payload
/// itself when it fits a queue message, else the name of the blob holding it.
/// </summary>
public sealed record ShopifyEventMessage(BrandId BrandId, string Topic, string WebhookId, DateTimeOffset ReceivedAt, string? Payload, string? PayloadBlob);
