using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Emails;

/// <summary>
/// Brings a send's counts up to date after some of a chunk's recipients finished: sets the chunk's count on the send
/// (never increments), so repeating it after a crash or a retried activity counts nothing twice. The count is the
/// caller's when it knows every row of the chunk as stored, else recounted from the rows.
/// </summary>
public sealed class EmailSendProgress(EmailSendStore store, TimeProvider time, ILogger<EmailSendProgress> logger)
{
    public async Task<RecipientChunk> RecordChunkAsync(BrandId brand, EmailSendId send, int chunk, RecipientChunk? known, CancellationToken cancellationToken)
    {
        var count = known ?? await store.CountChunkAsync(brand, send, chunk, cancellationToken);
        var wasComplete = false;
        var updated = await store.UpdateAsync(brand, send, s =>
        {
            wasComplete = s.IsComplete;
            return s.WithChunk(chunk, count, time.GetUtcNow());
        }, cancellationToken);
        if (updated is { IsComplete: true } && !wasComplete)
        {
            var counts = updated.Counts;
            logger.LogInformation("Email send {SendId} completed: {Sent} sent, {Failed} failed, {Skipped} skipped.", send, counts.Sent, counts.Failed, counts.Skipped);
        }

        return count;
    }
}
