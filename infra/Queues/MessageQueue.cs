using System.Text.Json;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Infra.Queues;

/// <summary>
/// Enqueues JSON messages the way the Functions host reads them (base64 text). Writing through the SDK
/// rather than through a function's Outputs keeps the encoding in our hands.
/// </summary>
public sealed class MessageQueue(StorageClients storage)
{
    /// <summary>Queues a Shopify delivery for <c>ProcessOrderEvent</c>, on the queue its trigger listens to.</summary>
    public Task EnqueueShopifyEventAsync(ShopifyEventMessage message, CancellationToken cancellationToken) =>
        storage.ShopifyEvents.SendMessageAsync(Serialize(message), visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, StorageJson.Options);

    public static T Deserialize<T>(string text) =>
        JsonSerializer.Deserialize<T>(text, StorageJson.Options) ?? throw new JsonException("The queue message is null.");
}
