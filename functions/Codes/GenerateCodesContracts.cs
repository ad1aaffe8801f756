using PromoServerless.Domain.Codes;

namespace PromoServerless.Functions.Codes;

/// <summary>The code-generation orchestrations and activities, by the names the Durable runtime knows them.</summary>
public static class GenerateCodesNames
{
    /// <summary>Orchestrator; input <see cref="CodeBatchRef"/>, instance id = the batch id; output <see cref="CodeBatchOutcome"/>.</summary>
    public const string GenerateCodes = nameof(GenerateCodes);

    /// <summary>Orchestrator for a slice of chunks of a large batch; input <see cref="CodeSlice"/>, instance id = batch id + slice.</summary>
    public const string GenerateCodeSlice = nameof(GenerateCodeSlice);

    /// <summary>Activity; input <see cref="CodeBatchRef"/>, output <see cref="CodeBatchPlan"/>.</summary>
    public const string PlanCodeBatch = nameof(PlanCodeBatch);

    /// <summary>Activity; input <see cref="CodeChunkRef"/>, output <see cref="ChunkReservation"/>.</summary>
    public const string ReserveCodes = nameof(ReserveCodes);

    /// <summary>Activity; input <see cref="CodeChunkRef"/> (the chunk whose first reserved code opens the discount), output <see cref="BatchDiscountResult"/>.</summary>
    public const string CreateBatchDiscount = nameof(CreateBatchDiscount);

    /// <summary>
    /// Activity; input <see cref="CodePushRound"/>, output <see cref="CodePushStep"/>: starts the round's Shopify bulk job
    /// for the chunk's open codes, or finishes the chunk when none is left to send.
    /// </summary>
    public const string StartCodePush = nameof(StartCodePush);

    /// <summary>Activity; input <see cref="CodePushJobRef"/>, output whether the bulk job is done (one look, no waiting).</summary>
    public const string CheckCodePush = nameof(CheckCodePush);

    /// <summary>
    /// Activity; input <see cref="CodePushRound"/>, output <see cref="CodePushStep"/>: settles each code the round sent and
    /// finishes the chunk, or leaves the codes still open to the next round.
    /// </summary>
    public const string SettleCodePush = nameof(SettleCodePush);

    /// <summary>Activity; input <see cref="CompleteCodeBatchRequest"/>, output <see cref="CodeBatchOutcome"/>.</summary>
    public const string CompleteCodeBatch = nameof(CompleteCodeBatch);
}

/// <param name="ScheduledFor">When set, the orchestration waits until then (or a cancel) before it plans.</param>
public sealed record CodeBatchRef(string BrandId, string BatchId, DateTimeOffset? ScheduledFor = null);

/// <summary>
/// How many chunks the batch was laid out in, how many members have a code to reserve, and how many chunks one
/// orchestration history takes (the rest run as slices).
/// </summary>
public sealed record CodeBatchPlan(int Chunks, int Planned, int ChunksPerSlice = CodeBatchPlan.DefaultChunksPerSlice)
{
    public const int DefaultChunksPerSlice = 100;
}

public sealed record CodeChunkRef(string BrandId, string BatchId, int Chunk);

/// <summary>How many of the chunk's members hold a reserved code (0: nothing to push, the chunk is done).</summary>
public sealed record ChunkReservation(int Chunk, int Reserved);

/// <summary>The generation's Shopify discount; null when Shopify refused it (the reason is on the batch row).</summary>
public sealed record BatchDiscountResult(string? DiscountId);

/// <summary>Push a reserved chunk to <paramref name="DiscountId"/>; null fails its reserved members with the batch's failure reason.</summary>
public sealed record PushCodesRequest(string BrandId, string BatchId, int Chunk, string? DiscountId);

/// <summary>Round <paramref name="Round"/> (from 0) of pushing a chunk.</summary>
public sealed record CodePushRound(PushCodesRequest Push, int Round);

/// <summary>
/// Where a chunk's push stands after a step: <paramref name="Outcome"/> once every member has one; otherwise the bulk
/// job to wait for (<paramref name="BulkCreationId"/> null: the start's answer was lost, so there is none to poll).
/// </summary>
public sealed record CodePushStep(ChunkOutcome? Outcome, string? BulkCreationId = null);

public sealed record CodePushJobRef(string BrandId, string BulkCreationId);

public sealed record ChunkOutcome(int Chunk, int Created, int Failed);

/// <param name="FailureReason">Set when the orchestration gave up on the batch.</param>
public sealed record CompleteCodeBatchRequest(string BrandId, string BatchId, string? FailureReason);

public sealed record CodeBatchOutcome(CodeBatchStatus Status, int Created, int Failed, bool SendEmails);

/// <summary>Chunks [<paramref name="FirstChunk"/>, +<paramref name="Count"/>) of a batch whose discount is decided.</summary>
public sealed record CodeSlice(string BrandId, string BatchId, int FirstChunk, int Count, string? DiscountId);
