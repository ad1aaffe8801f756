using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Automation;

/// <summary>
/// A member whose entering a project stage called for a code in an offer. There is one per member and offer, ever:
/// it is written by a conditional insert, so the same stage set twice, or two racing requests, make one row; and it
/// stays after the member's code is generated, so a member who moves back and enters the stage again gets no second
/// code. <see cref="BatchId"/> is the generation that took the member; null while the member waits for one.
/// </summary>
public sealed record TriggeredMember(MemberId MemberId, string TriggerKey, DateTimeOffset TriggeredAt, CodeBatchId? BatchId = null)
{
    public bool IsPending => BatchId is null;

    /// <summary>Takes the member into <paramref name="batch"/> unless another generation took them first.</summary>
    public TriggeredMember ClaimFor(CodeBatchId batch) => IsPending ? this with { BatchId = batch } : this;
}

/// <summary>
/// The collection window of one offer's trigger: while <see cref="Open"/>, members entering the stage wait for the
/// window's generation (its id is <see cref="WindowId"/>, which is also that generation's batch id). Closing it is
/// the moment the generation takes its members; a member entering later opens the next window.
/// </summary>
public sealed record TriggerWindow(CodeBatchId WindowId, bool Open, DateTimeOffset OpenedAt)
{
    /// <summary>How long an open window may go without its orchestration before a later request starts it again.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    public static TriggerWindow Opened(CodeBatchId id, DateTimeOffset now) => new(id, true, now);

    /// <summary>Opens a new window unless one is open.</summary>
    public TriggerWindow Reopen(CodeBatchId id, DateTimeOffset now) => Open ? this : Opened(id, now);

    public TriggerWindow Close(CodeBatchId id) => Open && WindowId == id ? this with { Open = false } : this;

    /// <summary>An open window old enough that its opener may have died before starting its orchestration.</summary>
    public bool MayBeOrphaned(DateTimeOffset now) => Open && now - OpenedAt >= StartGrace;
}
