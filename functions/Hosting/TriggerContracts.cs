namespace PromoServerless.Functions.Hosting;

/// <summary>Handles one queue message. Throwing fails the invocation, so the message is retried and finally poisoned.</summary>
public interface IQueueFunction
{
    Task HandleAsync(QueueTriggerMessage message, CancellationToken cancellationToken);
}

public interface ITimerFunction
{
    Task HandleAsync(TimerInfo timer, CancellationToken cancellationToken);
}

/// <param name="Text">The message text as it was enqueued (already base64-decoded by the host).</param>
public sealed record QueueTriggerMessage(string Text, string? Id, int DequeueCount, DateTimeOffset? InsertionTime);

public sealed record TimerInfo(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);
