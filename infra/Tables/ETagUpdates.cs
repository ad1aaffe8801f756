using Azure;

namespace PromoServerless.Infra.Tables;

/// <summary>What a try does with what it read: write a change, keep the row as it is, or stop without writing.</summary>
public enum ETagDecisionKind
{
    Write,

    /// <summary>Nothing to change: the row already says what the caller wants.</summary>
    Keep,

    /// <summary>The caller will not write (the row is missing, or its state refuses the change).</summary>
    Stop,
}

public readonly record struct ETagDecision<TChange>(ETagDecisionKind Kind, TChange? Change)
{
    public static ETagDecision<TChange> Keep => new(ETagDecisionKind.Keep, default);

    public static ETagDecision<TChange> Stop => new(ETagDecisionKind.Stop, default);

    public static ETagDecision<TChange> Write(TChange change) => new(ETagDecisionKind.Write, change);
}

public enum ETagUpdateStatus
{
    Written,
    Kept,
    Stopped,

    /// <summary>Every try's write was refused because the row changed under it; nothing was written.</summary>
    Contended,
}

/// <summary>
/// The outcome of <see cref="ETagUpdates.RunAsync"/>. <see cref="Read"/> is what the last try read (what a write was
/// based on, or what a Keep, Stop or the last lost try saw); <see cref="Written"/> and <see cref="ETag"/> are the
/// change stored and the row's new ETag when written.
/// </summary>
public sealed record ETagUpdate<TRead, TChange>(ETagUpdateStatus Status, TRead Read, TChange? Written, string? ETag, int Attempts);

/// <summary>
/// The one optimistic-concurrency loop over Table Storage: read, decide, write conditioned on what was read. A write
/// refused because the row changed since the read (409 an insert met a row, 412 a stale ETag, 404 the row went) is a
/// lost race: the try is made again from a fresh read, after a jittered back-off of up to 10, 20, 40, 80, then
/// 160 ms so writers that collided spread out, and at most <c>maxAttempts</c> times. Which refusal it was is read
/// from <see cref="RequestFailedException.Status"/> (or the <see cref="WriteResult"/> of <see cref="DocumentTable{T}"/>,
/// made the same way), never from a message.
/// </summary>
public static class ETagUpdates
{
    /// <summary>The write refusals that mean another writer got there first; anything else is not ours to retry.</summary>
    public static bool IsLostRace(RequestFailedException exception) => exception.Status is 404 or 409 or 412;

    public static Task<ETagUpdate<TRead, TChange>> RunAsync<TRead, TChange>(
        int maxAttempts,
        Func<CancellationToken, Task<TRead>> read,
        Func<TRead, ETagDecision<TChange>> decide,
        Func<TRead, TChange, CancellationToken, Task<WriteResult>> write,
        CancellationToken cancellationToken) =>
        RunAsync(maxAttempts, read, (current, _) => ValueTask.FromResult(decide(current)), write, cancellationToken);

    /// <param name="known">A read the caller holds already (e.g. a row it just claimed): the first try decides on it instead of reading.</param>
    public static async Task<ETagUpdate<TRead, TChange>> RunAsync<TRead, TChange>(
        int maxAttempts,
        Func<CancellationToken, Task<TRead>> read,
        Func<TRead, CancellationToken, ValueTask<ETagDecision<TChange>>> decide,
        Func<TRead, TChange, CancellationToken, Task<WriteResult>> write,
        CancellationToken cancellationToken,
        Optional<TRead> known = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            var current = attempt == 1 && known.HasValue ? known.Value : await read(cancellationToken);
            var decision = await decide(current, cancellationToken);
            switch (decision.Kind)
            {
                case ETagDecisionKind.Keep:
                    return new(ETagUpdateStatus.Kept, current, default, null, attempt);
                case ETagDecisionKind.Stop:
                    return new(ETagUpdateStatus.Stopped, current, default, null, attempt);
            }

            var written = await WriteAsync(write, current, decision.Change!, cancellationToken);
            if (written.IsOk)
            {
                return new(ETagUpdateStatus.Written, current, decision.Change, written.ETag, attempt);
            }

            if (attempt == maxAttempts)
            {
                return new(ETagUpdateStatus.Contended, current, default, null, attempt);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 5))), cancellationToken);
        }
    }

    private static async Task<WriteResult> WriteAsync<TRead, TChange>(
        Func<TRead, TChange, CancellationToken, Task<WriteResult>> write, TRead current, TChange change, CancellationToken cancellationToken)
    {
        try
        {
            return await write(current, change, cancellationToken);
        }
        catch (RequestFailedException ex) when (IsLostRace(ex))
        {
            return ex.Status switch
            {
                404 => WriteResult.NotFound,
                409 => WriteResult.Conflict,
                _ => WriteResult.PreconditionFailed,
            };
        }
    }
}

/// <summary>A value that may be absent, for a parameter whose type may itself be nullable.</summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static implicit operator Optional<T>(T value) => new(true, value);
}
