using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Polls one queue and posts each message to <c>POST /{FunctionName}</c> in the host's payload shape.
/// Success deletes the message; failure makes it visible again after host.json's visibilityTimeout; after
/// maxDequeueCount tries it moves to the poison queue, as the Functions host does.
/// </summary>
internal sealed class LocalQueueListener(
    FunctionDefinition function,
    StorageClients storage,
    HttpClient selfClient,
    IOptions<HostQueueOptions> queueOptions,
    LocalTriggerOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly HostQueueOptions _queue = queueOptions.Value;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var queueName = ((QueueTrigger)function.Trigger).QueueName;
        var queue = storage.Queue(queueName);
        var poison = storage.Queue(QueueNames.Poison(queueName));
        var idleDelay = TimeSpan.FromMilliseconds(50);
        var running = new HashSet<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Like the host: fetch the next batch once no more than newBatchThreshold messages are still running.
            if (running.Count > _queue.NewBatchThreshold)
            {
                running.Remove(await Task.WhenAny(running));
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(_queue.BatchSize, options.LeaseDuration, stoppingToken)).Value;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
            {
                logger.LogWarning(ex, "Could not read queue {Queue}; retrying.", queueName);
                await Task.Delay(options.MaxPollingInterval, time, stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idleDelay, time, stoppingToken);
                idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            idleDelay = TimeSpan.FromMilliseconds(50);
            foreach (var message in messages)
            {
                running.Add(ProcessSafelyAsync(queue, poison, message, stoppingToken));
            }

            running.RemoveWhere(t => t.IsCompleted);
        }

        await Task.WhenAll(running);
    }

    private async Task ProcessSafelyAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessAsync(queue, poison, message, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left as it is, the message reappears after its lease and is tried again.
            logger.LogError(ex, "Settling message {MessageId} failed.", message.MessageId);
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        // A message seen more often than allowed (e.g. its processor crashed each time) is poisoned unprocessed.
        if (message.DequeueCount > _queue.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, poison, message.MessageId, message.PopReceipt, message.MessageText, stoppingToken);
            return;
        }

        using var lease = new MessageLease(queue, message, options.LeaseDuration, time, logger);
        bool succeeded;
        try
        {
            succeeded = await InvokeAsync(message, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // Shutting down: the message reappears after its lease, like after a host crash.
        }

        var popReceipt = await lease.StopAsync();
        if (popReceipt is null)
        {
            return; // Lost the lease; another delivery owns the message now.
        }

        try
        {
            if (succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, stoppingToken);
            }
            else if (message.DequeueCount >= _queue.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message.MessageId, popReceipt, message.MessageText, stoppingToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _queue.VisibilityTimeout, cancellationToken: stoppingToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            logger.LogWarning(ex, "Message {MessageId} changed hands before it could be settled.", message.MessageId);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var payload = new Dictionary<string, object?>
        {
            ["Data"] = new Dictionary<string, object?> { [QueueTrigger.BindingName] = JsonSerializer.Serialize(message.MessageText) },
            ["Metadata"] = new Dictionary<string, object?>
            {
                ["DequeueCount"] = message.DequeueCount.ToString(CultureInfo.InvariantCulture),
                ["Id"] = JsonSerializer.Serialize(message.MessageId),
                ["PopReceipt"] = JsonSerializer.Serialize(message.PopReceipt),
                ["InsertionTime"] = message.InsertedOn?.ToString("O", CultureInfo.InvariantCulture),
                ["ExpirationTime"] = message.ExpiresOn?.ToString("O", CultureInfo.InvariantCulture),
                ["NextVisibleTime"] = message.NextVisibleOn?.ToString("O", CultureInfo.InvariantCulture),
                ["sys"] = new Dictionary<string, object?>
                {
                    ["MethodName"] = function.Name,
                    ["UtcNow"] = now.ToString("O", CultureInfo.InvariantCulture),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, function.Name) { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        try
        {
            using var response = await selfClient.SendAsync(request, stoppingToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Invocation of {Function} did not complete.", function.Name);
            return false;
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, string messageId, string popReceipt, string text, CancellationToken cancellationToken)
    {
        logger.LogError("Message {MessageId} moved to {Poison} after {Max} tries.", messageId, poison.Name, _queue.MaxDequeueCount);
        await poison.SendMessageAsync(text, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        await queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
    }
}
