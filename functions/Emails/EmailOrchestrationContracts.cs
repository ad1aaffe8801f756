using PromoServerless.Domain.Emails;

namespace PromoServerless.Functions.Emails;

/// <summary>The email orchestration and the activity code generation uses to hand its members over to it.</summary>
public static class EmailOrchestrationNames
{
    /// <summary>Orchestrator; input <see cref="EmailSendRef"/>; its instance id is the send id.</summary>
    public const string SendEmails = "SendEmails";

    /// <summary>Activity; input <see cref="BatchEmailRequest"/>; output the send id, or null when no member of the batch gets an email. Idempotent per batch.</summary>
    public const string CreateBatchEmailSend = "CreateBatchEmailSend";
}

public sealed record EmailSendRef(string BrandId, string SendId);

public sealed record BatchEmailRequest(string BrandId, string BatchId);

/// <summary>The activities <see cref="EmailOrchestrationNames.SendEmails"/> runs; only it calls them.</summary>
public static class EmailActivityNames
{
    /// <summary>Input <see cref="EmailSendRef"/>, output <see cref="EmailSendPlan"/>: looks the recipients up and writes them, once.</summary>
    public const string PlanEmailSend = "PlanEmailSend";

    /// <summary>Input <see cref="EmailChunkOrder"/>, output <see cref="EmailChunkResult"/>: sends one chunk's queued recipients.</summary>
    public const string SendEmailChunk = "SendEmailChunk";

    /// <summary>Input <see cref="EmailSendRef"/>, output <see cref="EmailSendCounts"/>: marks the send complete.</summary>
    public const string CompleteEmailSend = "CompleteEmailSend";
}

/// <summary>
/// What the orchestrator needs to pace a send: how many chunks it has, when it goes out, the rates it keeps,
/// how many chunks run at once, and how often (and how long apart) a failing chunk is tried.
/// </summary>
public sealed record EmailSendPlan(
    int Chunks,
    DateTimeOffset? SendAt,
    IReadOnlyList<SendRate> Rates,
    int ChunksPerWave,
    int MaxAttempts,
    TimeSpan RetryDelay);

/// <summary>
/// Send at most <see cref="Limit"/> of one chunk's queued recipients. <see cref="Attempt"/> counts the tries at this
/// chunk; on the last one a transient SMTP failure is recorded as the recipient's failure instead of thrown.
/// </summary>
public sealed record EmailChunkOrder(string BrandId, string SendId, int Chunk, int Limit, int Attempt, bool LastAttempt);

/// <summary><see cref="Handed"/>: emails given to SMTP (what the rate counts); <see cref="Done"/>: no recipient of the chunk is queued any more.</summary>
public sealed record EmailChunkResult(int Handed, bool Done);

/// <summary>The orchestration's custom status, for operators: what it is doing and until when it waits.</summary>
public sealed record SendEmailsStatus(string Stage, int ChunksLeft, DateTimeOffset? WaitingUntil = null);
