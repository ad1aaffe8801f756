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
    private const int MaxParallelSends = 16;

    public Task EnqueueAsync<T>(string queue, T message, CancellationToken cancellationToken, TimeSpan? visibilityDelay = null) =>
        storage.Queue(queue).SendMessageAsync(Serialize(message), visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);

    /// <summary>Queue storage has no batch send; this sends in parallel with a bound so a 10k fan-out takes seconds.</summary>
    public Task EnqueueManyAsync<T>(string queue, IEnumerable<T> messages, CancellationToken cancellationToken)
    {
        var client = storage.Queue(queue);
        return Parallel.ForEachAsync(
            messages,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken },
            async (message, ct) => await client.SendMessageAsync(Serialize(message), visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), ct));
    }

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, StorageJson.Options);

    public static T Deserialize<T>(string text) =>
        JsonSerializer.Deserialize<T>(text, StorageJson.Options) ?? throw new JsonException("The queue message is null.");
}
