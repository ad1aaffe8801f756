using Microsoft.Extensions.Caching.Memory;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Writes a send's recipient outcomes while the next emails go out (group commit): a write gathers for at most
/// <see cref="GatherFor"/> (or until <see cref="GatherRows"/> outcomes wait), then stores every outcome that arrived from
/// any chunk of the send running in this instance (all of a send's recipients share one partition) in one transaction
/// conditioned on each row's claim ETag, and the next write starts when it is done. Storage then sees one request per
/// dozen emails or so instead of one per two, while the outcomes waiting unrecorded (the at-least-once window) stay
/// those of a few tens of milliseconds. A transaction refused because some row changed (its claim ran out and another
/// try took it) falls back to writing each row on its own, keeping any outcome already there.
/// </summary>
public sealed class RecipientOutcomeWriter(EmailSendStore store, EmailSend send, TimeProvider time)
{
    /// <summary>A storage transaction holds at most 100 rows.</summary>
    private const int MaxRowsPerWrite = 100;

    /// <summary>
    /// How long a write waits for more outcomes before it goes. The email benchmark's 1,000-recipient send made 573 of
    /// these transactions without the wait (under two rows each against Azurite, which answers in a few milliseconds).
    /// </summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(10);

    /// <summary>Outcomes that end the gathering early.</summary>
    private const int GatherRows = 20;

    /// <summary>A recipient row has two writers at most (this try and one that took the claim over).</summary>
    private const int MaxRowAttempts = 10;

    private readonly Lock _lock = new();
    private readonly List<Pending> _waiting = [];
    private bool _writing;
    private TaskCompletionSource? _enough;

    /// <summary>
    /// Completes when the outcome is stored: true when it was stored as given, false when the row had changed and was
    /// settled row by row (it may then hold another try's outcome). Fails with the write's failure (the row then stays
    /// claimed and queued).
    /// </summary>
    public Task<bool> WriteAsync(Stored<EmailRecipient> claimed, RecipientStatus outcome)
    {
        var pending = new Pending(claimed, outcome, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        TaskCompletionSource? enough = null;
        lock (_lock)
        {
            _waiting.Add(pending);
            start = !_writing;
            _writing = true;
            if (_waiting.Count >= GatherRows)
            {
                (enough, _enough) = (_enough, null);
            }
        }

        enough?.TrySetResult();

        if (start)
        {
            _ = Task.Run(WriteWhileWaitingAsync);
        }

        return pending.Written.Task;
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            await GatherAsync();
            Pending[] batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _waiting.Take(MaxRowsPerWrite).ToArray();
                _waiting.RemoveRange(0, batch.Length);
            }

            try
            {
                var asGiven = await WriteBatchAsync(batch);
                foreach (var pending in batch)
                {
                    pending.Written.TrySetResult(asGiven);
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in batch)
                {
                    pending.Written.TrySetException(failure);
                }
            }
        }
    }

    private async Task GatherAsync()
    {
        Task enough;
        lock (_lock)
        {
            if (_waiting.Count is 0 or >= GatherRows)
            {
                return;
            }

            _enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            enough = _enough.Task;
        }

        await Task.WhenAny(enough, Task.Delay(GatherFor));
        lock (_lock)
        {
            _enough = null;
        }
    }

    /// <returns>Whether the batch was stored as given in one transaction.</returns>
    private async Task<bool> WriteBatchAsync(IReadOnlyList<Pending> batch)
    {
        var now = time.GetUtcNow();
        var written = await store.ReplaceRecipientsAsync(send.BrandId, send.Id, batch.Select(b => (b.Row.Value.Finish(b.Outcome, now), b.Row.ETag)).ToArray(), CancellationToken.None);
        if (written is not null)
        {
            return true;
        }

        await Task.WhenAll(batch.Select(b => WriteOneAsync(b.Row, b.Outcome)));
        return false;
    }

    private async Task WriteOneAsync(Stored<EmailRecipient> claimed, RecipientStatus outcome)
    {
        var key = RecipientKey.Parse(claimed.RowKey);
        var written = await ETagUpdates.RunAsync<Stored<EmailRecipient>?, EmailRecipient>(
            MaxRowAttempts,
            ct => store.GetRecipientAsync(send.BrandId, send.Id, key, ct),
            (row, _) => ValueTask.FromResult(row is null || row.Value.Status.IsTerminal ? ETagDecision<EmailRecipient>.Keep : ETagDecision<EmailRecipient>.Write(row.Value.Finish(outcome, time.GetUtcNow()))),
            (row, finished, ct) => store.ReplaceRecipientAsync(send.BrandId, send.Id, finished, row!.ETag, ct),
            CancellationToken.None,
            known: claimed);
        if (written.Status == ETagUpdateStatus.Contended)
        {
            throw new RowContendedException(claimed.PartitionKey, claimed.RowKey);
        }
    }

    private sealed record Pending(Stored<EmailRecipient> Row, RecipientStatus Outcome, TaskCompletionSource<bool> Written);
}

/// <summary>One <see cref="RecipientOutcomeWriter"/> per send in this instance, shared by its chunks; forgotten a while after its last use.</summary>
public sealed class RecipientOutcomeWriters(EmailSendStore store, TimeProvider time, IMemoryCache cache)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(2);

    public RecipientOutcomeWriter For(EmailSend send) =>
        cache.GetOrCreate(("email-outcome-writer", send.BrandId, send.Id), entry =>
        {
            entry.SlidingExpiration = KeepFor;
            entry.Size = 1;
            return new RecipientOutcomeWriter(store, send, time);
        })!;
}
