using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

public enum EmailSendStatus
{
    /// <summary>Waiting for its <c>sendAt</c>; nothing has been queued.</summary>
    Scheduled,

    /// <summary>Some recipients are still queued.</summary>
    Sending,

    /// <summary>Every recipient was sent or skipped.</summary>
    Completed,

    /// <summary>Every recipient has an outcome and at least one failed.</summary>
    CompletedWithErrors,
}

/// <summary>How many recipients a send has in each state.</summary>
public sealed record EmailSendCounts(int Total, int Queued, int Sent, int Failed, int Skipped);

/// <summary>
/// The outcome counts of one chunk of recipients, recounted from the recipient rows rather than incremented,
/// so a handler that runs twice writes the same numbers. Recipients only ever leave Queued, so of two counts
/// of one chunk the one with more finished recipients is the newer.
/// </summary>
public sealed record RecipientChunk(int Size, int Sent, int Failed, int Skipped)
{
    public int Queued => Size - Finished;

    public int Finished => Sent + Failed + Skipped;

    public bool IsDone => Finished >= Size;

    public static RecipientChunk Count(IEnumerable<RecipientStatus> statuses)
    {
        int size = 0, sent = 0, failed = 0, skipped = 0;
        foreach (var status in statuses)
        {
            size++;
            switch (status)
            {
                case RecipientStatus.Sent:
                    sent++;
                    break;
                case RecipientStatus.Failed:
                    failed++;
                    break;
                case RecipientStatus.Skipped:
                    skipped++;
                    break;
            }
        }

        return new RecipientChunk(size, sent, failed, skipped);
    }
}

/// <summary>
/// Who the email says it is from. <see cref="Name"/> is the From display name (the brand's sender name or
/// name); <see cref="ReplyTo"/> is the brand's own address. The From address itself stays the relay's
/// verified sender, which Azure Communication Services requires.
/// </summary>
public sealed record SenderIdentity(string? Name, string? ReplyTo)
{
    /// <summary>Keeps only values that are safe in a header; anything else falls back to the configured sender.</summary>
    public static SenderIdentity Checked(string? name, string? replyTo) => new(
        string.IsNullOrWhiteSpace(name) || !HeaderValue.IsSafe(name) ? null : name.Trim(),
        EmailAddress.IsValid(replyTo) ? replyTo!.Trim() : null);
}

/// <summary>
/// One "send emails" action: the offer and brand as the template reads them (fixed when the send is made, so
/// every recipient gets the same text), when it goes out, and the fan-in state of its recipients in chunks of
/// <see cref="ChunkSize"/>. The template itself is stored beside it.
/// </summary>
public sealed record EmailSend(
    EmailSendId Id,
    BrandId BrandId,
    OfferId OfferId,
    TemplateOffer Offer,
    TemplateBrand Brand,
    SenderIdentity Sender,
    IReadOnlyList<RecipientChunk> Chunks,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    DateTimeOffset DispatchDueAt,
    string Origin,
    bool Dispatched = false,
    DateTimeOffset? CompletedAt = null)
{
    /// <summary>Recipients per chunk: one chunk is one storage transaction and one cheap recount.</summary>
    public const int ChunkSize = 100;

    public const int MaxRecipients = 50_000;

    /// <summary>
    /// How long after creation an immediate send that was never marked dispatched (the API crashed between
    /// storing and enqueueing) is picked up by the scheduled-campaigns timer.
    /// </summary>
    public static readonly TimeSpan RedispatchAfter = TimeSpan.FromMinutes(1);

    public EmailSendCounts Counts => new(
        Chunks.Sum(c => c.Size),
        Chunks.Sum(c => c.Queued),
        Chunks.Sum(c => c.Sent),
        Chunks.Sum(c => c.Failed),
        Chunks.Sum(c => c.Skipped));

    public bool IsComplete => CompletedAt is not null;

    public static int ChunkOf(int position) => position / ChunkSize;

    public bool IsDue(DateTimeOffset now) => SendAt is null || SendAt <= now;

    public EmailSendStatus StatusAt(DateTimeOffset now)
    {
        if (IsComplete)
        {
            return Chunks.Any(c => c.Failed > 0) ? EmailSendStatus.CompletedWithErrors : EmailSendStatus.Completed;
        }

        return !Dispatched && !IsDue(now) ? EmailSendStatus.Scheduled : EmailSendStatus.Sending;
    }

    /// <summary>
    /// Starts a send over recipients already planned in chunk order. A send whose recipients are all skipped
    /// is complete at once.
    /// </summary>
    public static EmailSend Start(
        EmailSendId id,
        BrandId brand,
        OfferId offer,
        TemplateOffer offerText,
        TemplateBrand brandText,
        SenderIdentity sender,
        IReadOnlyList<EmailRecipient> recipients,
        DateTimeOffset? sendAt,
        string origin,
        DateTimeOffset now)
    {
        var chunks = recipients
            .GroupBy(r => r.Chunk)
            .OrderBy(g => g.Key)
            .Select(g => RecipientChunk.Count(g.Select(r => r.Status)))
            .ToArray();
        var scheduled = sendAt is { } at && at > now;
        var send = new EmailSend(id, brand, offer, offerText, brandText, sender, chunks, now, scheduled ? sendAt : null, scheduled ? sendAt!.Value : now + RedispatchAfter, origin);
        return send.Chunks.All(c => c.IsDone) ? send with { CompletedAt = now } : send;
    }

    /// <summary>Records a chunk's recount; completes the send when every chunk is done. An older count never replaces a newer one.</summary>
    public EmailSend WithChunk(int index, RecipientChunk count, DateTimeOffset now)
    {
        if (index < 0 || index >= Chunks.Count || count.Finished <= Chunks[index].Finished)
        {
            return this;
        }

        var chunks = Chunks.ToArray();
        chunks[index] = count;
        var next = this with { Chunks = chunks };
        return !IsComplete && chunks.All(c => c.IsDone) ? next with { CompletedAt = now } : next;
    }

    public EmailSend MarkDispatched() => Dispatched ? this : this with { Dispatched = true };
}
