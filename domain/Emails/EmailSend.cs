using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

public enum EmailSendStatus
{
    /// <summary>Waiting for its <c>sendAt</c>: the orchestration sleeps on a durable timer until then.</summary>
    Scheduled,

    /// <summary>Some recipients are still queued.</summary>
    Sending,

    /// <summary>Every recipient was sent or skipped.</summary>
    Completed,

    /// <summary>Every recipient has an outcome and at least one failed.</summary>
    CompletedWithErrors,

    /// <summary>Cancelled while scheduled: nothing was sent. Final.</summary>
    Cancelled,
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

/// <summary>Where a send's recipients come from: the members a request named (stored beside the send), every member with a live code, or one generation batch.</summary>
public enum RecipientSource
{
    Members,
    AllWithActiveCode,
    Batch,

    /// <summary>The members a code operation changed, told about the change.</summary>
    Operation,
}

/// <summary>The recipients a send was asked for, before they are looked up. <see cref="RequestedCount"/> is known only for named members.</summary>
public sealed record RecipientSelection(
    RecipientSource Source, int RequestedCount, CodeBatchId? BatchId = null, string? OperationId = null, NotificationKind Kind = NotificationKind.CodeReady)
{
    public static RecipientSelection From(RecipientChoice choice) => choice switch
    {
        RecipientChoice.Operation operation => new(RecipientSource.Operation, 0, null, operation.OperationId, operation.Kind),
        RecipientChoice.Members named => new(RecipientSource.Members, named.Ids.Count),
        RecipientChoice.Batch batch => new(RecipientSource.Batch, 0, batch.BatchId),
        _ => new(RecipientSource.AllWithActiveCode, 0),
    };
}

/// <summary>
/// One "send emails" action: the offer and brand as the template reads them (fixed when the send is made, so
/// every recipient gets the same text), when it goes out, and the counts of its recipients in chunks of
/// <see cref="ChunkSize"/>. The template itself is stored beside it. A send is first stored as asked
/// (<see cref="Planned"/> false, no chunks); planning looks the recipients up and writes them.
/// </summary>
public sealed record EmailSend(
    EmailSendId Id,
    BrandId BrandId,
    OfferId OfferId,
    TemplateOffer Offer,
    TemplateBrand Brand,
    SenderIdentity Sender,
    RecipientSelection Selection,
    IReadOnlyList<RecipientChunk> Chunks,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    string Origin,
    bool Planned = false,
    DateTimeOffset? CompletedAt = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CancelledAt = null)
{
    /// <summary>Recipients per chunk: one chunk is one storage partition range, one cheap recount and one send activity.</summary>
    public const int ChunkSize = 100;

    public const int MaxRecipients = 50_000;

    /// <summary>Before planning, named recipients count as queued; afterwards the chunks say.</summary>
    public EmailSendCounts Counts => Planned
        ? new(Chunks.Sum(c => c.Size), Chunks.Sum(c => c.Queued), Chunks.Sum(c => c.Sent), Chunks.Sum(c => c.Failed), Chunks.Sum(c => c.Skipped))
        : new(Selection.RequestedCount, Selection.RequestedCount, 0, 0, 0);

    public bool IsComplete => CompletedAt is not null;

    public static int ChunkOf(int position) => position / ChunkSize;

    public EmailSendStatus StatusAt(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            return EmailSendStatus.Cancelled;
        }

        if (IsComplete)
        {
            return Chunks.Any(c => c.Failed > 0) ? EmailSendStatus.CompletedWithErrors : EmailSendStatus.Completed;
        }

        return SendAt is { } at && at > now && StartedAt is null ? EmailSendStatus.Scheduled : EmailSendStatus.Sending;
    }

    /// <summary>Whether cancelling now would succeed, be a repeat, or come too late (a send not scheduled starts at once).</summary>
    public Automation.CancelOutcome CancelOutcome =>
        CancelledAt is not null ? Automation.CancelOutcome.AlreadyCancelled
        : SendAt is null || StartedAt is not null || IsComplete ? Automation.CancelOutcome.AlreadyStarted
        : Automation.CancelOutcome.Cancelled;

    /// <summary>Cancels a scheduled send that has not begun; any other send is left as it is.</summary>
    public EmailSend Cancel(DateTimeOffset now) =>
        CancelOutcome == Automation.CancelOutcome.Cancelled ? this with { CancelledAt = now, CompletedAt = now } : this;

    /// <summary>The send's time came: it begins unless cancelled; beginning twice keeps the first time.</summary>
    public EmailSend Begin(DateTimeOffset now) => CancelledAt is not null || StartedAt is not null ? this : this with { StartedAt = now };

    /// <summary>A send as asked for, its recipients not yet looked up. A <paramref name="sendAt"/> not in the future means now.</summary>
    public static EmailSend Request(
        EmailSendId id,
        BrandId brand,
        OfferId offer,
        TemplateOffer offerText,
        TemplateBrand brandText,
        SenderIdentity sender,
        RecipientSelection selection,
        DateTimeOffset? sendAt,
        string origin,
        DateTimeOffset now) =>
        new(id, brand, offer, offerText, brandText, sender, selection, [], now, sendAt is { } at && at > now ? at : null, origin);

    /// <summary>
    /// Takes the planned recipients (in chunk order) once; planning again leaves the first plan. A send whose
    /// recipients are all skipped is complete at once.
    /// </summary>
    public EmailSend WithRecipients(IReadOnlyList<EmailRecipient> recipients, DateTimeOffset now)
    {
        if (Planned)
        {
            return this;
        }

        var chunks = recipients
            .GroupBy(r => r.Chunk)
            .OrderBy(g => g.Key)
            .Select(g => RecipientChunk.Count(g.Select(r => r.Status)))
            .ToArray();
        var planned = this with { Chunks = chunks, Planned = true };
        return chunks.All(c => c.IsDone) ? planned with { CompletedAt = now } : planned;
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

    /// <summary>Completes a send whose every chunk is done (a recount may have been lost on the way); otherwise unchanged.</summary>
    public EmailSend CompletedIfDone(DateTimeOffset now) =>
        !IsComplete && Planned && Chunks.All(c => c.IsDone) ? this with { CompletedAt = now } : this;
}
