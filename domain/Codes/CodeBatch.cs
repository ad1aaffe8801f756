using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes;

public enum CodeBatchStatus
{
    Queued,
    Running,
    Completed,
    CompletedWithErrors,
    Failed,

    /// <summary>Waiting for its <c>scheduledFor</c>; it can be cancelled until then.</summary>
    Scheduled,

    /// <summary>Cancelled while scheduled: it never ran. Final.</summary>
    Cancelled,
}

public enum ChunkStage
{
    /// <summary>Planned; waiting for its codes to be reserved.</summary>
    Pending,

    /// <summary>Codes reserved in the store's code index; waiting to be added in Shopify.</summary>
    Reserved,

    /// <summary>Every member of the chunk has an outcome.</summary>
    Done,
}

/// <summary>
/// What one chunk of members has reached. Chunk summaries are <em>set</em>, never incremented, so an activity
/// that runs twice for the same chunk writes the same numbers and nothing is counted twice.
/// </summary>
public sealed record ChunkSummary(ChunkStage Stage, int Size, int Reserved, int Created, int Failed)
{
    /// <summary>A planned chunk; <paramref name="failed"/> members could not be planned a code.</summary>
    public static ChunkSummary Planned(int size, int failed) => new(ChunkStage.Pending, size, 0, 0, failed);
}

/// <summary>
/// One click of "Generate": the request's dates, the progress of every chunk of members, and the Shopify
/// discount their codes are added to. Totals are derived from the chunk summaries, so a progress poll reads
/// this row alone. The chunks are known once the generation is planned (<see cref="Planned"/>).
/// </summary>
public sealed record CodeBatch(
    CodeBatchId Id,
    BrandId BrandId,
    OfferId OfferId,
    CodeBatchStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    bool SendEmails,
    IReadOnlyList<ChunkSummary> Chunks,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt = null,
    bool Planned = false,
    string? ShopifyDiscountId = null,
    string? FailureReason = null,
    bool DatesSettled = false,
    string? PayoutOptionLabel = null,
    DateTimeOffset? ScheduledFor = null)
{
    public const int ChunkSize = 250;

    /// <summary>The most members one generation takes (400 chunks; the batch row holds their summaries compactly).</summary>
    public const int MaxMembers = 100_000;

    public const string NoCodeMadeReason = "No chosen member could get a code; see the items for each member's reason.";

    public int Total => Chunks.Sum(c => c.Size);

    public int Reserved => Chunks.Sum(c => c.Reserved);

    public int Created => Chunks.Sum(c => c.Created);

    public int Failed => Chunks.Sum(c => c.Failed);

    public int Finished => Created + Failed;

    /// <summary>Share of members with an outcome, 0-100; 0 until the generation is planned.</summary>
    public int Percent => !Planned ? 0 : Total == 0 ? 100 : (int)Math.Floor(100.0 * Finished / Total);

    public bool IsTerminal => Status is CodeBatchStatus.Completed or CodeBatchStatus.CompletedWithErrors or CodeBatchStatus.Failed or CodeBatchStatus.Cancelled;

    /// <summary>Whether the codes' statuses can still change with time: scheduled codes start, dated codes expire.</summary>
    public bool DatesSettledAt(DateTimeOffset now) => StartsAt <= now && (EndsAt is null || EndsAt <= now);

    public static int ChunkCount(int members) => (members + ChunkSize - 1) / ChunkSize;

    /// <summary>An accepted request, before anything is planned; Scheduled when <paramref name="scheduledFor"/> lies ahead.</summary>
    public static CodeBatch Queue(CodeBatchId id, BrandId brand, OfferId offer, DateTimeOffset startsAt, DateTimeOffset? endsAt, bool sendEmails, DateTimeOffset now, DateTimeOffset? scheduledFor = null) =>
        scheduledFor is { } at && at > now
            ? new(id, brand, offer, CodeBatchStatus.Scheduled, startsAt, endsAt, sendEmails, [], now, ScheduledFor: at)
            : new(id, brand, offer, CodeBatchStatus.Queued, startsAt, endsAt, sendEmails, [], now);

    /// <summary>Whether cancelling now would succeed, be a repeat, or come too late.</summary>
    public Automation.CancelOutcome CancelOutcome => Status switch
    {
        CodeBatchStatus.Scheduled => Automation.CancelOutcome.Cancelled,
        CodeBatchStatus.Cancelled => Automation.CancelOutcome.AlreadyCancelled,
        _ => Automation.CancelOutcome.AlreadyStarted,
    };

    /// <summary>Cancels a scheduled batch; any other batch is left as it is.</summary>
    public CodeBatch Cancel(DateTimeOffset now) =>
        Status == CodeBatchStatus.Scheduled ? this with { Status = CodeBatchStatus.Cancelled, CompletedAt = now } : this;

    /// <summary>The scheduled time came: a scheduled batch is queued to run; a cancelled one stays cancelled.</summary>
    public CodeBatch Begin() => Status == CodeBatchStatus.Scheduled ? this with { Status = CodeBatchStatus.Queued } : this;

    /// <summary>The planned chunks; planning twice keeps the first plan.</summary>
    public CodeBatch WithPlan(IReadOnlyList<ChunkSummary> chunks) =>
        Planned ? this : this with { Planned = true, Chunks = chunks, Status = IsTerminal ? Status : CodeBatchStatus.Running };

    /// <summary>Records a chunk's progress. A stage never moves back.</summary>
    public CodeBatch WithChunk(int index, ChunkSummary summary)
    {
        if (Chunks[index].Stage > summary.Stage || Chunks[index] == summary)
        {
            return this;
        }

        var chunks = Chunks.ToArray();
        chunks[index] = summary;
        return this with { Chunks = chunks, Status = IsTerminal ? Status : CodeBatchStatus.Running };
    }

    /// <summary>The generation failed as a whole (e.g. Shopify refused its discount); chunks still open report it.</summary>
    public CodeBatch Fail(string reason) => FailureReason is null ? this with { FailureReason = reason } : this;

    /// <summary>
    /// Ends the batch once: Failed when it failed as a whole or no member got a code, CompletedWithErrors when some
    /// members failed, else Completed. Completing again changes nothing.
    /// </summary>
    public CodeBatch Complete(DateTimeOffset now, string? failureReason = null)
    {
        if (IsTerminal)
        {
            return this;
        }

        var reason = FailureReason ?? failureReason ?? (Created == 0 ? NoCodeMadeReason : null);
        var status = reason is not null ? CodeBatchStatus.Failed
            : Failed == 0 ? CodeBatchStatus.Completed
            : CodeBatchStatus.CompletedWithErrors;
        return this with { Status = status, FailureReason = reason, CompletedAt = now };
    }
}
