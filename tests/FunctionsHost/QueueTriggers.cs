using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace PromoServerless.FunctionsHost;

/// <summary>host.json's <c>extensions.queues</c>, the settings the Functions host's queue listener reads.</summary>
internal sealed record QueueListenerSettings(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval)
{
    public static QueueListenerSettings From(IConfiguration hostJson, LocalHostOptions options)
    {
        var queues = hostJson.GetSection("extensions:queues");
        return new QueueListenerSettings(
            queues.GetValue<int?>("batchSize") ?? 16,
            queues.GetValue<int?>("newBatchThreshold") ?? 8,
            queues.GetValue<int?>("maxDequeueCount") ?? 5,
            options.QueueVisibilityTimeout ?? queues.GetValue<TimeSpan?>("visibilityTimeout") ?? TimeSpan.Zero,
            options.QueueMaxPollingInterval ?? queues.GetValue<TimeSpan?>("maxPollingInterval") ?? TimeSpan.FromMinutes(1));
    }
}

/// <summary>
/// Runs a queue-triggered function as the Functions host's queue listener does: polls its queue (the binding's
/// <c>queueName</c> in the account its <c>connection</c> names), runs up to batch size + new-batch threshold messages
/// at once, deletes a message when the function succeeds, makes a failed one visible again after the visibility
/// timeout, and moves it to <c>&lt;queue&gt;-poison</c> once it has been tried <c>maxDequeueCount</c> times. A message
/// whose run never finishes (the process died) reappears after <see cref="LocalHostOptions.QueueLeaseTimeout"/>.
/// </summary>
internal sealed class QueueTrigger(
    FunctionInvoker function,
    QueueServiceClient account,
    string queueName,
    QueueListenerSettings settings,
    LocalHostOptions options,
    IServiceProvider services,
    ILogger<QueueTrigger> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = account.GetQueueClient(queueName);
        var poison = account.GetQueueClient(queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var capacity = settings.BatchSize + settings.NewBatchThreshold;
        using var slots = new SemaphoreSlim(capacity, capacity);
        var idle = TimeSpan.FromMilliseconds(100);
        var running = new HashSet<Task>();
        var stopped = Task.Delay(Timeout.Infinite, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A new batch is fetched once the running ones drop to the threshold, as the host's listener does.
                while (slots.CurrentCount < settings.BatchSize && !stoppingToken.IsCancellationRequested)
                {
                    await Task.WhenAny(running.Append(stopped));
                    stoppingToken.ThrowIfCancellationRequested();
                    running.RemoveWhere(t => t.IsCompleted);
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Math.Min(settings.BatchSize, slots.CurrentCount), options.QueueLeaseTimeout, stoppingToken)).Value;
                }
                catch (Azure.RequestFailedException ex)
                {
                    logger.LogWarning(ex, "Polling queue {Queue} failed.", queueName);
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(100);
                foreach (var message in messages)
                {
                    await slots.WaitAsync(stoppingToken);
                    running.Add(Task.Run(
                        async () =>
                        {
                            try
                            {
                                await RunAsync(queue, poison, message, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        },
                        CancellationToken.None));
                }

                running.RemoveWhere(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    private async Task RunAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var text = message.Body.ToString();
            await function.InvokeAsync(scope.ServiceProvider, p => Bind(p, text, message, stoppingToken));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Queue function {Function} failed on message {MessageId} (try {DequeueCount}).", function.Function.Name, message.MessageId, message.DequeueCount);
            await FailAsync(queue, poison, message);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // Shutting down: the message reappears after its lease and runs again.
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
    }

    private async Task FailAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        try
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                logger.LogError("Message {MessageId} moved to {Poison} after {DequeueCount} tries.", message.MessageId, poison.Name, message.DequeueCount);
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            // The lease ran out meanwhile: the message is visible again and will be retried.
            logger.LogWarning(ex, "Could not release message {MessageId}.", message.MessageId);
        }
    }

    private (bool, object?) Bind(System.Reflection.ParameterInfo parameter, string text, QueueMessage message, CancellationToken stoppingToken)
    {
        if (parameter.Name == function.Function.Trigger.Name)
        {
            return parameter.ParameterType == typeof(string) ? (true, text)
                : parameter.ParameterType == typeof(QueueMessage) ? (true, message)
                : (true, JsonSerializer.Deserialize(text, parameter.ParameterType, MessageJson));
        }

        return parameter.ParameterType == typeof(CancellationToken) ? (true, stoppingToken) : (false, null);
    }
}
