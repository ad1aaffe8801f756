using Microsoft.Extensions.Options;

namespace PromoServerless.Infra.Email;

/// <summary>Whether a message may go now, and if not, how long to wait before asking again.</summary>
public readonly record struct SendPermit(bool IsGranted, TimeSpan RetryAfter)
{
    public static SendPermit Granted { get; } = new(true, TimeSpan.Zero);

    public static SendPermit WaitFor(TimeSpan retryAfter) => new(false, retryAfter);
}

/// <summary>
/// Keeps this app instance within <see cref="SmtpOptions.MaxPerMinute"/> and
/// <see cref="SmtpOptions.MaxPerHour"/> over sliding windows. It never queues or drops: a caller that is
/// refused learns the exact wait, and the queue function leaves its message invisible for that long.
/// Remembers the send times of the last hour (at most MaxPerHour of them).
/// </summary>
public sealed class SendRateLimiter
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly int _perMinute;
    private readonly int _perHour;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _lastMinute = new();
    private readonly Queue<DateTimeOffset> _lastHour = new();
    private readonly Lock _lock = new();

    public SendRateLimiter(IOptions<SmtpOptions> options, TimeProvider time)
        : this(options.Value.MaxPerMinute, options.Value.MaxPerHour, time)
    {
    }

    public SendRateLimiter(int perMinute, int perHour, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perHour, 1);
        _perMinute = perMinute;
        _perHour = perHour;
        _time = time;
    }

    /// <summary>Takes a permit for one message now, or says how long until one is free.</summary>
    public SendPermit TryAcquire()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Forget(_lastMinute, now - Minute);
            Forget(_lastHour, now - Hour);

            var wait = TimeSpan.Zero;
            if (_lastMinute.Count >= _perMinute)
            {
                wait = _lastMinute.Peek() + Minute - now;
            }

            if (_lastHour.Count >= _perHour)
            {
                wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, (_lastHour.Peek() + Hour - now).Ticks));
            }

            if (wait > TimeSpan.Zero)
            {
                return SendPermit.WaitFor(wait);
            }

            _lastMinute.Enqueue(now);
            _lastHour.Enqueue(now);
            return SendPermit.Granted;
        }
    }

    private static void Forget(Queue<DateTimeOffset> sent, DateTimeOffset before)
    {
        while (sent.Count > 0 && sent.Peek() <= before)
        {
            sent.Dequeue();
        }
    }
}
