using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace PromoServerless.Functions.Hosting;

/// <summary>Keeps a message invisible while it is processed by renewing its visibility at half the lease.</summary>
internal sealed class MessageLease : IDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private string? _popReceipt;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _duration = duration;
        _time = time;
        _logger = logger;
        _renewal = RenewAsync();
    }

    /// <summary>Stops renewing; returns the current pop receipt, or null if the lease was lost.</summary>
    public async Task<string?> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        return _popReceipt;
    }

    public void Dispose() => _stop.Dispose();

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_duration / 2, _time, _stop.Token);
                var receipt = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _duration, cancellationToken: _stop.Token);
                _popReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException ex)
        {
            _logger.LogWarning(ex, "Lost the lease on message {MessageId}.", _messageId);
            _popReceipt = null;
        }
    }
}
