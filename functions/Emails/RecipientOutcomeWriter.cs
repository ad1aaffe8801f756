using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Writes one chunk's recipient outcomes while the next emails go out (group commit): an outcome is written as
/// soon as the write before it is done, together with every outcome that arrived meanwhile, in one transaction
/// conditioned on each row's claim ETag. So at most the outcomes of one write's duration wait unrecorded (the
/// at-least-once window stays a few emails wide), and storage sees a fraction of one request per email. A
/// transaction refused because some row changed (its claim ran out and another try took it) falls back to
/// writing each row on its own, keeping any outcome already there.
/// </summary>
public sealed class RecipientOutcomeWriter(EmailSendStore store, EmailSend send, TimeProvider time)
{
    private readonly Lock _lock = new();
    private List<(Stored<EmailRecipient> Row, RecipientStatus Outcome)> _waiting = [];
    private Task _writing = Task.CompletedTask;
    private Exception? _failure;

    public void Add(Stored<EmailRecipient> claimed, RecipientStatus outcome)
    {
        lock (_lock)
        {
            _waiting.Add((claimed, outcome));
            if (_writing.IsCompleted)
            {
                _writing = Task.Run(WriteWhileWaitingAsync);
            }
        }
    }

    /// <summary>Waits until every outcome added so far is written; throws the first failure of any write.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task writing;
            lock (_lock)
            {
                if (_waiting.Count == 0 && _writing.IsCompleted)
                {
                    break;
                }

                writing = _writing.IsCompleted ? _writing = Task.Run(WriteWhileWaitingAsync) : _writing;
            }

            await writing;
        }

        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            List<(Stored<EmailRecipient> Row, RecipientStatus Outcome)> batch;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    return;
                }

                (batch, _waiting) = (_waiting, []);
            }

            try
            {
                await WriteAsync(batch);
            }
            catch (Exception failure)
            {
                // Those rows stay claimed and queued: the next try of the chunk sends them once the claim runs out.
                Interlocked.CompareExchange(ref _failure, failure, null);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<(Stored<EmailRecipient> Row, RecipientStatus Outcome)> batch)
    {
        var now = time.GetUtcNow();
        var written = await store.ReplaceRecipientsAsync(send.BrandId, send.Id, batch.Select(b => (b.Row.Value.Finish(b.Outcome, now), b.Row.ETag)).ToArray(), CancellationToken.None);
        if (written is null)
        {
            await Task.WhenAll(batch.Select(b => WriteOneAsync(b.Row, b.Outcome)));
        }
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
}
