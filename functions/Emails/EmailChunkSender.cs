using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Email;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Sends one chunk's queued recipients, at most as many as the order allows, one after another over the shared
/// SMTP connections. Each recipient's row is the guard: a recipient with an outcome is never sent again, and before
/// sending, the rows are claimed (ETag, one transaction) so a second try of the same chunk running at the same time
/// waits instead of sending alongside. Outcomes are written while the next emails go out
/// (<see cref="RecipientOutcomeWriter"/>). The one window left is a crash between SMTP accepting and that write:
/// the retry sends those few again, with the same Message-IDs.
/// </summary>
public sealed class EmailChunkSender(
    EmailSendStore store,
    RecipientEmailComposer composer,
    IEmailSender sender,
    RecipientOutcomeWriters writers,
    EmailSendProgress progress,
    TimeProvider time,
    ILogger<EmailChunkSender> logger)
{
    /// <summary>How long a try holds the rows it claimed; far longer than sending a chunk takes, short enough that a crashed try's rows come back soon.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromSeconds(30);

    public async Task<EmailChunkResult> SendAsync(EmailChunkOrder order, CancellationToken cancellationToken)
    {
        var brand = new BrandId(order.BrandId);
        var id = new EmailSendId(order.SendId);
        var send = (await store.GetAsync(brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Email send {id} is missing.");
        var rows = await store.GetChunkAsync(brand, id, order.Chunk, cancellationToken);
        var now = time.GetUtcNow();
        var free = rows.Where(r => !r.Value.Status.IsTerminal && !r.Value.IsClaimedAt(now)).Take(order.Limit).ToArray();

        // The whole chunk is claimed in one transaction (the email benchmark's 1,000-recipient send ran at 161 emails/s
        // claiming 50 rows at a time and 242 claiming 100, on the same quiet machine).
        var outcomes = new ChunkOutcomes(writers.For(send));
        int handed;
        IReadOnlyList<Stored<EmailRecipient>> claimed = [];
        try
        {
            claimed = free.Length == 0 ? [] : await ClaimAsync(brand, id, free, cancellationToken);
            handed = await SendClaimedAsync(send, claimed, order, outcomes, cancellationToken);
        }
        catch
        {
            await DrainQuietlyAsync(outcomes);
            throw;
        }

        var asGiven = await outcomes.DrainAsync();

        // When no other try touched the chunk, its rows as stored are known here: the ones finished before, the
        // outcomes just written as given, the rest still queued. Otherwise they are recounted.
        var untouched = asGiven && claimed.Count == free.Length && rows.All(r => r.Value.Status.IsTerminal || !r.Value.IsClaimedAt(now));
        var known = untouched
            ? RecipientChunk.Count(rows.Select(r => outcomes.OutcomeOf(r.RowKey) ?? r.Value.Status))
            : null;
        var count = await progress.RecordChunkAsync(brand, id, order.Chunk, known, cancellationToken);
        return new EmailChunkResult(handed, count.IsDone);
    }

    /// <returns>How many emails went to SMTP.</returns>
    private async Task<int> SendClaimedAsync(EmailSend send, IReadOnlyList<Stored<EmailRecipient>> claimed, EmailChunkOrder order, ChunkOutcomes outcomes, CancellationToken cancellationToken)
    {
        var handed = 0;
        for (var i = 0; i < claimed.Count; i++)
        {
            var row = claimed[i];
            var composed = await composer.ComposeAsync(send, row.Value, cancellationToken);
            if (composed.Email is null)
            {
                outcomes.Add(row, new RecipientStatus.Failed(composed.Problem!));
                continue;
            }

            EmailSendResult result;
            try
            {
                result = await sender.SendAsync(composed.Email, cancellationToken);
            }
            catch (TransientEmailException failure) when (order.LastAttempt)
            {
                handed++;
                outcomes.Add(row, new RecipientStatus.Failed($"Gave up after {order.Attempt} attempts: {failure.Message}"));
                continue;
            }
            catch
            {
                // This recipient and the rest of the group were not sent: let the next try have them at once.
                await ReleaseAsync(send, claimed.Skip(i));
                throw;
            }

            handed++;
            outcomes.Add(row, result.ToRecipientStatus(time.GetUtcNow()));
        }

        return handed;
    }

    /// <summary>
    /// Claims the group in one transaction; when a row changed since it was read, claims row by row instead, so
    /// the rows nobody touched are claimed and the others are left to whoever changed them.
    /// </summary>
    private async Task<IReadOnlyList<Stored<EmailRecipient>>> ClaimAsync(BrandId brand, EmailSendId id, IReadOnlyList<Stored<EmailRecipient>> group, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wanted = group.Select(row => (Row: row, Claim: row.Value.ClaimUntil(now + ClaimDuration, now))).ToArray();
        var etags = await store.ReplaceRecipientsAsync(brand, id, wanted.Select(w => (w.Claim, w.Row.ETag)).ToArray(), cancellationToken);
        if (etags is not null)
        {
            return wanted.Select((w, i) => w.Row with { Value = w.Claim, ETag = etags[i] }).ToArray();
        }

        var claims = group.Select(async row =>
        {
            var claim = row.Value.ClaimUntil(now + ClaimDuration, now);
            var written = await store.ReplaceRecipientAsync(brand, id, claim, row.ETag, cancellationToken);
            return written.IsOk ? row with { Value = claim, ETag = written.ETag! } : null;
        });
        return (await Task.WhenAll(claims)).OfType<Stored<EmailRecipient>>().ToArray();
    }

    private async Task ReleaseAsync(EmailSend send, IEnumerable<Stored<EmailRecipient>> rows)
    {
        var now = time.GetUtcNow();
        var releases = rows.Select(async row =>
        {
            try
            {
                await store.ReplaceRecipientAsync(send.BrandId, send.Id, row.Value.Release(now), row.ETag, CancellationToken.None);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The claim then simply runs out; the next try waits for it.
                logger.LogWarning(failure, "Could not release the claim on recipient {MemberId} of send {SendId}.", row.Value.MemberId, send.Id);
            }
        });
        await Task.WhenAll(releases);
    }

    private static async Task DrainQuietlyAsync(ChunkOutcomes outcomes)
    {
        try
        {
            await outcomes.DrainAsync();
        }
        catch (Exception)
        {
            // The failure that stopped the chunk is the one to report.
        }
    }

    /// <summary>This chunk's outcomes handed to the send's shared writer, so the chunk can wait for its own.</summary>
    private sealed class ChunkOutcomes(RecipientOutcomeWriter writer)
    {
        private readonly Dictionary<string, RecipientStatus> _outcomes = new(StringComparer.Ordinal);
        private readonly List<Task<bool>> _written = [];

        public void Add(Stored<EmailRecipient> claimed, RecipientStatus outcome)
        {
            _outcomes[claimed.RowKey] = outcome;
            _written.Add(writer.WriteAsync(claimed, outcome));
        }

        public RecipientStatus? OutcomeOf(string rowKey) => _outcomes.GetValueOrDefault(rowKey);

        /// <summary>Waits for the outcomes added so far; true when every one was stored as given.</summary>
        public async Task<bool> DrainAsync() => (await Task.WhenAll(_written)).All(asGiven => asGiven);
    }
}
