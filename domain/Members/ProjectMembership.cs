using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Members;

/// <summary>Where a member is in a project's collaboration, in the order a collaboration usually moves.</summary>
public enum WorkflowStage
{
    /// <summary>Asked to join; has not answered.</summary>
    Invited,

    /// <summary>Said yes; terms not yet agreed.</summary>
    Accepted,

    /// <summary>Terms agreed.</summary>
    Contracted,

    /// <summary>Creating content and promoting.</summary>
    Active,

    /// <summary>The collaboration is done. Final.</summary>
    Completed,

    /// <summary>Said no, or was withdrawn before a contract. Final.</summary>
    Declined,
}

public enum StageChangeOutcome
{
    Changed,
    Unchanged,
    Refused,
}

public sealed record StageChange(StageChangeOutcome Outcome, ProjectMembership Membership, string? Reason = null);

/// <summary>Body for adding a member to a project: <c>{ "memberId": "...", "stage": "accepted" }</c>.</summary>
public sealed record MembershipDraft
{
    public string? MemberId { get; init; }

    /// <summary>invited (default), accepted, contracted, active, completed or declined.</summary>
    public string? Stage { get; init; }
}

public sealed record MembershipRequest(MemberId MemberId, WorkflowStage Stage);

/// <summary>
/// A member in a project. Stages only move forward (skipping is fine: Invited → Contracted);
/// Declined is reachable before a contract; Completed and Declined are final.
/// </summary>
public sealed record ProjectMembership(ProjectId ProjectId, MemberId MemberId, WorkflowStage Stage, DateTimeOffset AddedAt, DateTimeOffset UpdatedAt)
{
    public StageChange MoveTo(WorkflowStage stage, DateTimeOffset now)
    {
        if (stage == Stage)
        {
            return new StageChange(StageChangeOutcome.Unchanged, this);
        }

        var refusal = (Stage, stage) switch
        {
            (WorkflowStage.Completed or WorkflowStage.Declined, _) => $"The membership is {Stage}, which is final.",
            (_, WorkflowStage.Declined) when Stage >= WorkflowStage.Contracted => "A member under contract cannot decline; move them to Completed instead.",
            (_, not WorkflowStage.Declined) when stage < Stage => $"A membership cannot move back from {Stage} to {stage}.",
            _ => null,
        };

        return refusal is null
            ? new StageChange(StageChangeOutcome.Changed, this with { Stage = stage, UpdatedAt = now })
            : new StageChange(StageChangeOutcome.Refused, this, refusal);
    }

    public static Validated<MembershipRequest> Validate(MembershipDraft? draft)
    {
        if (draft is null)
        {
            return Validated<MembershipRequest>.Fail("", "Send the membership as a JSON object.");
        }

        var errors = new ErrorCollector();
        var memberId = draft.MemberId?.Trim();
        if (string.IsNullOrEmpty(memberId))
        {
            errors.Add("memberId", "Required.");
        }

        var stage = WorkflowStage.Invited;
        if (draft.Stage is not null && !Naming.EnumText.TryParse(draft.Stage, out stage))
        {
            errors.Add("stage", "Use invited, accepted, contracted, active, completed or declined.");
        }

        return errors.ToResult(() => new MembershipRequest(new MemberId(memberId!), stage));
    }
}
