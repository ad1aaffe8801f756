using Microsoft.Extensions.Caching.Memory;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Writes a send's recipient outcomes while the next emails go out (group commit): an outcome is written as soon
/// as the write before it is done, together with every outcome that arrived meanwhile from any chunk of the send
/// running in this instance (all of a send's recipients share one partition), in one transaction conditioned on
/// each row's claim ETag. So only the outcomes of one write's duration wait unrecorded (the at-least-once window
/// stays a few emails wide), and storage sees a fraction of one request per email. A transaction refused because
/// some row changed (its claim ran out and another try took it) falls back to writing each row on its own,
/// keeping any outcome already there.
/// </summary>
public sealed class RecipientOutcomeWriter(EmailSendStore store, EmailSend send, TimeProvider time)
{
    /// <summary>A storage transaction holds at most 100 rows.</summary>
    private const int MaxRowsPerWrite = 100;

    private readonly Lock _lock = new();
    private readonly List<Pending> _waiting = [];
    private bool _writing;

    /// <summary>
    /// Completes when the outcome is stored: true when it was stored as given, false when the row had changed and was
    /// settled row by row (it may then hold another try's outcome). Fails with the write's failure (the row then stays
    /// claimed and queued).
    /// </summary>
    public Task<bool> WriteAsync(Stored<EmailRecipient> claimed, RecipientStatus outcome)
    {
        var pending = new Pending(claimed, outcome, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _waiting.Add(pending);
            start = !_writing;
            _writing = true;
        }

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
        var row = claimed;
        var key = RecipientKey.Parse(claimed.RowKey);
        while (row is not null && !row.Value.Status.IsTerminal)
        {
            var written = await store.ReplaceRecipientAsync(send.BrandId, send.Id, row.Value.Finish(outcome, time.GetUtcNow()), row.ETag, CancellationToken.None);
            if (written.Status != WriteStatus.PreconditionFailed)
            {
                return;
            }

            row = await store.GetRecipientAsync(send.BrandId, send.Id, key, CancellationToken.None);
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
