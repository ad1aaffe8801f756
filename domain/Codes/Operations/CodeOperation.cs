using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes.Operations;

public enum CodeOperationStatus
{
    Running,
    Completed,

    /// <summary>A chunk kept failing (e.g. Shopify down); settled members keep their outcome, the rest are still pending. The same request with the same Idempotency-Key resumes it.</summary>
    Failed,
}

/// <summary>
/// Chosen codes leaving <see cref="SourceDiscountId"/> for a new discount with new dates. Recorded before Shopify
/// is touched; <see cref="NewDiscountId"/> is recorded as soon as the discount exists, before codes are added to it,
/// so a retry adds to that discount instead of creating a second one.
/// </summary>
public sealed record DiscountMove(string SourceDiscountId, MemberId FirstMember, string? NewDiscountId = null);

/// <summary>The outcomes of one chunk's members, recounted from their steps (set, never incremented).</summary>
public sealed record StepCounts(int Succeeded, int Failed, int Pending)
{
    public static StepCounts Count(IEnumerable<CodeOperationStep> steps)
    {
        int ok = 0, failed = 0, pending = 0;
        foreach (var step in steps)
        {
            switch (step.Outcome)
            {
                case StepOutcome.Ok:
                    ok++;
                    break;
                case StepOutcome.Failed:
                    failed++;
                    break;
                default:
                    pending++;
                    break;
            }
        }

        return new StepCounts(ok, failed, pending);
    }
}

/// <summary>
/// One bulk code operation under one Idempotency-Key, run by an orchestration (instance id = <see cref="Id"/>) in
/// chunks of <see cref="ChunkSize"/> members. Each member's progress is a <see cref="CodeOperationStep"/>; the
/// chunk counts here let the status resource answer without reading the steps.
/// </summary>
public sealed record CodeOperation(
    string Id,
    BrandId BrandId,
    OfferId OfferId,
    CodeOperationAction Action,
    CodeOperationStatus Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DiscountMove> Moves,
    IReadOnlyList<StepCounts> Chunks,
    DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null,
    DateTimeOffset? CompletedAt = null,
    string? FailureReason = null)
{
    /// <summary>Members per chunk: one activity, and at most one Shopify bulk call per discount.</summary>
    public const int ChunkSize = 250;

    public static int ChunkOf(int position) => position / ChunkSize;

    /// <summary>An operation over steps already planned in request order (their positions decide the chunks).</summary>
    public static CodeOperation Start(string id, BrandId brand, OfferId offer, CodeOperationCommand command, IReadOnlyList<CodeOperationStep> steps, DateTimeOffset now)
    {
        var chunks = steps.GroupBy(s => ChunkOf(s.Position)).OrderBy(g => g.Key).Select(StepCounts.Count).ToArray();
        return new(id, brand, offer, command.Action, CodeOperationStatus.Running, now, [], chunks, command.StartsAt, command.EndsAt);
    }

    public int MemberCount => Chunks.Sum(c => c.Succeeded + c.Failed + c.Pending);

    public StepCounts Totals => new(Chunks.Sum(c => c.Succeeded), Chunks.Sum(c => c.Failed), Chunks.Sum(c => c.Pending));

    public bool IsTerminal => Status != CodeOperationStatus.Running;

    public CodeOperation WithChunk(int index, StepCounts counts) =>
        index < 0 || index >= Chunks.Count || Chunks[index] == counts
            ? this
            : this with { Chunks = Chunks.Select((c, i) => i == index ? counts : c).ToArray() };

    public CodeOperation Completed(DateTimeOffset now) =>
        Status == CodeOperationStatus.Completed ? this : this with { Status = CodeOperationStatus.Completed, CompletedAt = now, FailureReason = null };

    public CodeOperation Failed(string reason, DateTimeOffset now) =>
        Status == CodeOperationStatus.Running ? this with { Status = CodeOperationStatus.Failed, CompletedAt = now, FailureReason = reason } : this;

    /// <summary>A failed operation runs again from where it stopped; any other is left as it is.</summary>
    public CodeOperation Resumed() =>
        Status == CodeOperationStatus.Failed ? this with { Status = CodeOperationStatus.Running, CompletedAt = null, FailureReason = null } : this;

    public DiscountMove? MoveFrom(string discountId) => Moves.FirstOrDefault(m => m.SourceDiscountId == discountId);

    /// <summary>The move whose new discount is <paramref name="discountId"/>, for codes that already arrived there.</summary>
    public DiscountMove? MoveTo(string discountId) => Moves.FirstOrDefault(m => m.NewDiscountId == discountId);

    /// <summary>Records a move once; a retry keeps the first member and any new discount already recorded.</summary>
    public CodeOperation WithMove(DiscountMove move) => MoveFrom(move.SourceDiscountId) is null ? this with { Moves = [.. Moves, move] } : this;

    public CodeOperation WithNewDiscount(string sourceDiscountId, string newDiscountId) =>
        MoveFrom(sourceDiscountId) is { NewDiscountId: null } move
            ? this with { Moves = Moves.Select(m => m == move ? m with { NewDiscountId = newDiscountId } : m).ToArray() }
            : this;
}

public enum StepOutcome
{
    Pending,
    Ok,
    Failed,
}

/// <summary>
/// One member's part of an operation, at its <see cref="Position"/> in the request. <see cref="FromCode"/> is the
/// code when the operation was accepted, so a retry after the code row already changed still knows which code to clean up.
/// </summary>
public sealed record CodeOperationStep(MemberId MemberId, int Position, StepOutcome Outcome, string FromCode, string? ToCode = null, string? Reason = null)
{
    public bool IsDone => Outcome != StepOutcome.Pending;

    public CodeOperationStep Succeeded() => this with { Outcome = StepOutcome.Ok, Reason = null };

    public CodeOperationStep Failed(string reason) => this with { Outcome = StepOutcome.Failed, Reason = reason };
}
