using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Members;

namespace PromoServerless.Functions.Events;

/// <summary>The data of each event type, built where the event happens so each publishing hook stays one line.</summary>
public static class EventData
{
    /// <summary>code.created comes per chunk of generated codes, in parts of this many, so 100,000 codes are a few hundred events.</summary>
    public const int CodesPerEvent = 100;

    public static object BatchCompleted(CodeBatch batch) =>
        new CodeBatchCompletedData(batch.Id.Value, batch.OfferId.Value, batch.Status, batch.Created, batch.Failed, batch.StartsAt, batch.EndsAt, batch.CompletedAt);

    public static IEnumerable<EventDraft> CodesCreated(CodeBatch batch, int chunk, IEnumerable<BatchItem> items) =>
        items.Where(i => i.State == BatchItemState.Created && i.Code is not null && !i.LostMemberClaim)
            .Chunk(CodesPerEvent)
            .Select((part, index) => new EventDraft(
                $"{batch.Id.Value}/{chunk}/{index}",
                new CodesCreatedData(batch.Id.Value, batch.OfferId.Value, batch.StartsAt, batch.EndsAt, part.Select(i => new CreatedCode(i.MemberId.Value, i.Code!)).ToArray())));

    public static EventType TypeOf(CodeOperationAction action) => action switch
    {
        CodeOperationAction.Rename => EventType.CodeRenamed,
        CodeOperationAction.Deactivate => EventType.CodeDeactivated,
        CodeOperationAction.Reactivate => EventType.CodeReactivated,
        CodeOperationAction.ChangeDates => EventType.CodeDatesChanged,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static IEnumerable<EventDraft> CodesChanged(CodeOperation operation, IEnumerable<CodeOperationStep> steps) =>
        steps.Where(s => s.Outcome == StepOutcome.Ok).Select(s => new EventDraft(
            $"{operation.Id}/{s.MemberId.Value}",
            new CodeChangedData(operation.Id, operation.OfferId.Value, s.MemberId.Value, s.ToCode ?? s.FromCode, s.ToCode is null ? null : s.FromCode, operation.StartsAt, operation.EndsAt)));

    public static object EmailSendCompleted(EmailSend send) =>
        new EmailSendCompletedData(send.Id.Value, send.OfferId.Value, send.Counts, send.CompletedAt);

    public static IEnumerable<EventDraft> StageChanges(ProjectId project, IEnumerable<ProjectMembership> saved, IReadOnlyDictionary<MemberId, ProjectMembership> before) =>
        saved.Select(m => new EventDraft(
            $"{project.Value}/{m.MemberId.Value}/{m.UpdatedAt.UtcTicks}",
            new StageChangedData(project.Value, m.MemberId.Value, before.TryGetValue(m.MemberId, out var was) ? was.Stage : null, m.Stage, m.UpdatedAt)));
}

public sealed record CodeBatchCompletedData(string BatchId, string OfferId, CodeBatchStatus Status, int Created, int Failed, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, DateTimeOffset? CompletedAt);

public sealed record CreatedCode(string MemberId, string Code);

public sealed record CodesCreatedData(string BatchId, string OfferId, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, IReadOnlyList<CreatedCode> Codes);

public sealed record CodeChangedData(string OperationId, string OfferId, string MemberId, string Code, string? PreviousCode, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

public sealed record EmailSendCompletedData(string SendId, string OfferId, EmailSendCounts Counts, DateTimeOffset? CompletedAt);

public sealed record StageChangedData(string ProjectId, string MemberId, WorkflowStage? PreviousStage, WorkflowStage Stage, DateTimeOffset ChangedAt);
