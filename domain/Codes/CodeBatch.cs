using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes;

public enum CodeBatchStatus
{
    Queued,
    Running,
    Completed,
    CompletedWithErrors,
    Failed,
}

public enum ChunkStage
{
    /// <summary>Waiting for its codes to be reserved.</summary>
    Pending,

    /// <summary>Codes reserved in the store's code index; waiting to be added in Shopify.</summary>
    Reserved,

    /// <summary>Every member of the chunk has an outcome.</summary>
    Done,
}

/// <summary>
/// What one chunk of members has reached. Chunk summaries are <em>set</em>, never incremented, so a handler
/// that runs twice for the same chunk writes the same numbers and nothing is counted twice.
/// </summary>
public sealed record ChunkSummary(ChunkStage Stage, int Size, int Reserved, int Created, int Failed)
{
    public static ChunkSummary Pending(int size) => new(ChunkStage.Pending, size, 0, 0, 0);
}

/// <summary>
/// One click of "Generate": the fan-in state of every chunk of members and the Shopify discount their
/// codes are added to. Totals are derived from the chunk summaries.
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
    bool Dispatched = false,
    string? ShopifyDiscountId = null,
    DiscountClaim? DiscountClaim = null,
    string? FailureReason = null,
    int Redrives = 0,
    bool DatesSettled = false)
{
    /// <summary>How often, per chunk, poisoned messages of a batch are sent back to work before its open chunks are failed.</summary>
    public const int MaxRedrivesPerChunk = 10;

    /// <summary>Whether the batch's messages have come back from the poison queue too often to keep trying.</summary>
    public bool RedrivesExhausted => Redrives > MaxRedrivesPerChunk * Chunks.Count;

    public const int ChunkSize = 250;
    public const int MaxMembers = 50_000;

    public int Total => Chunks.Sum(c => c.Size);

    public int Reserved => Chunks.Sum(c => c.Reserved);

    public int Created => Chunks.Sum(c => c.Created);

    public int Failed => Chunks.Sum(c => c.Failed);

    public int Finished => Created + Failed;

    /// <summary>Share of members with an outcome, 0-100.</summary>
    public int Percent => Total == 0 ? 100 : (int)Math.Floor(100.0 * Finished / Total);

    public bool IsTerminal => Status is CodeBatchStatus.Completed or CodeBatchStatus.CompletedWithErrors or CodeBatchStatus.Failed;

    /// <summary>Whether the codes' statuses can still change with time: scheduled codes start, dated codes expire.</summary>
    public bool DatesSettledAt(DateTimeOffset now) => StartsAt <= now && (EndsAt is null || EndsAt <= now);

    public static int ChunkCount(int members) => (members + ChunkSize - 1) / ChunkSize;

    public static CodeBatch Start(CodeBatchId id, BrandId brand, OfferId offer, int members, DateTimeOffset startsAt, DateTimeOffset? endsAt, bool sendEmails, DateTimeOffset now)
    {
        var chunks = Enumerable.Range(0, ChunkCount(members))
            .Select(i => ChunkSummary.Pending(Math.Min(ChunkSize, members - (i * ChunkSize))))
            .ToArray();
        return new CodeBatch(id, brand, offer, CodeBatchStatus.Queued, startsAt, endsAt, sendEmails, chunks, now);
    }

    /// <summary>Records a chunk's progress; completes the batch when every chunk is done. A stage never moves back.</summary>
    public CodeBatch WithChunk(int index, ChunkSummary summary, DateTimeOffset now)
    {
        if (Chunks[index].Stage > summary.Stage)
        {
            return this;
        }

        var chunks = Chunks.ToArray();
        chunks[index] = summary;
        var next = this with { Chunks = chunks, Status = IsTerminal ? Status : CodeBatchStatus.Running };
        if (!IsTerminal && chunks.All(c => c.Stage == ChunkStage.Done))
        {
            next = next with
            {
                Status = next.Failed == 0 ? CodeBatchStatus.Completed : CodeBatchStatus.CompletedWithErrors,
                CompletedAt = now,
            };
        }

        return next;
    }

    /// <summary>
    /// Lets one chunk create the batch's Shopify discount. A claim older than <paramref name="claimTimeout"/>
    /// is taken over, since its holder probably died.
    /// </summary>
    public bool CanClaimDiscount(int chunk, DateTimeOffset now, TimeSpan claimTimeout) =>
        ShopifyDiscountId is null && (DiscountClaim is null || DiscountClaim.Chunk == chunk || now - DiscountClaim.ClaimedAt > claimTimeout);

    /// <summary>Claims the discount creation for <paramref name="chunk"/>, keeping an earlier claim's first code.</summary>
    public CodeBatch ClaimDiscount(int chunk, string firstCode, DateTimeOffset now, TimeSpan claimTimeout) =>
        !CanClaimDiscount(chunk, now, claimTimeout) ? this
        : this with { DiscountClaim = new DiscountClaim(chunk, now, DiscountClaim?.FirstCode ?? firstCode) };
}

/// <summary>
/// Which chunk is creating the batch's discount, since when, and with which first code. A chunk that takes
/// over a stale claim keeps <see cref="FirstCode"/>, so a creation that did happen is found, not repeated.
/// </summary>
public sealed record DiscountClaim(int Chunk, DateTimeOffset ClaimedAt, string FirstCode);
