using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Offers;

/// <summary>
/// Body of one <c>stageTriggers</c> entry: when a member of <see cref="ProjectId"/> enters <see cref="Stage"/>, they
/// get a code in the offer. Codes start when triggered and end after <see cref="EndAfterDays"/> days or at
/// <see cref="EndsAt"/> (at most one of the two; neither means open-ended).
/// </summary>
public sealed record StageTriggerDraft
{
    public string? ProjectId { get; init; }

    /// <summary>accepted, contracted, active or completed.</summary>
    public string? Stage { get; init; }

    /// <summary>The label of one of the offer's payout options; the default option when absent.</summary>
    public string? PayoutOption { get; init; }

    public int? EndAfterDays { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Email the member their code once it is created (default false).</summary>
    public bool? SendEmail { get; init; }
}

/// <summary>A validated stage trigger. At most one of <see cref="EndAfterDays"/> and <see cref="EndsAt"/> is set.</summary>
public sealed record StageTrigger(ProjectId ProjectId, WorkflowStage Stage, string PayoutOptionLabel, int? EndAfterDays, DateTimeOffset? EndsAt, bool SendEmail)
{
    /// <summary>Names the trigger within its offer: an offer has one trigger per project and stage.</summary>
    public string Key => $"{ProjectId.Value}-{Stage.ToString().ToLowerInvariant()}";

    /// <summary>
    /// Whether a member now at <paramref name="stage"/> has reached the trigger's stage: at it or past it (a member may
    /// skip stages), never when declined.
    /// </summary>
    public bool IsReachedBy(WorkflowStage stage) => stage != WorkflowStage.Declined && stage >= Stage;

    /// <summary>The code's end for a member triggered at <paramref name="triggeredAt"/>.</summary>
    public DateTimeOffset? EndsFor(DateTimeOffset triggeredAt) => EndAfterDays is { } days ? triggeredAt.AddDays(days) : EndsAt;
}

internal static class StageTriggersValidator
{
    public const int MaxTriggers = 20;
    public const int MaxEndAfterDays = 3650;

    public static IReadOnlyList<StageTrigger> Validate(
        IReadOnlyList<StageTriggerDraft?>? drafts, IReadOnlyList<PayoutOption>? payoutOptions, DateTimeOffset? now, ErrorCollector errors)
    {
        if (drafts is null || drafts.Count == 0)
        {
            return [];
        }

        if (drafts.Count > MaxTriggers)
        {
            errors.Add("stageTriggers", $"At most {MaxTriggers} stage triggers.");
            return [];
        }

        var triggers = new List<StageTrigger>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var field = $"stageTriggers[{i}]";
            if (drafts[i] is not { } draft)
            {
                errors.Add(field, "A stage trigger is required here.");
                continue;
            }

            var trigger = ValidateOne(draft, field, payoutOptions, now, errors);
            if (trigger is null)
            {
                continue;
            }

            if (!keys.TryAdd(trigger.Key, i))
            {
                errors.Add($"{field}.stage", $"Trigger {keys[trigger.Key]} already reacts to this project and stage.");
                continue;
            }

            triggers.Add(trigger);
        }

        return triggers;
    }

    private static StageTrigger? ValidateOne(StageTriggerDraft draft, string field, IReadOnlyList<PayoutOption>? payoutOptions, DateTimeOffset? now, ErrorCollector errors)
    {
        var valid = true;
        if (!Ids.IsWellFormed(draft.ProjectId))
        {
            errors.Add($"{field}.projectId", "Give the id of one of the brand's projects.");
            valid = false;
        }

        var stage = WorkflowStage.Contracted;
        if (draft.Stage is null)
        {
            errors.Add($"{field}.stage", "Required: accepted, contracted, active or completed.");
            valid = false;
        }
        else if (!Naming.EnumText.TryParse(draft.Stage, out stage) || stage is WorkflowStage.Invited or WorkflowStage.Declined)
        {
            errors.Add($"{field}.stage", "Use accepted, contracted, active or completed: an invited or declined member gets no code.");
            valid = false;
        }

        var payout = payoutOptions?.FirstOrDefault(p => p.IsDefault)?.Label;
        if (draft.PayoutOption is { } label)
        {
            payout = PayoutOption.Find(payoutOptions, label.Trim())?.Label;
            if (payout is null && payoutOptions is not null)
            {
                errors.Add($"{field}.payoutOption", "Name one of the offer's payout options by its label.");
                valid = false;
            }
        }

        if (draft.EndAfterDays is not null && draft.EndsAt is not null)
        {
            errors.Add($"{field}.endsAt", "Give endAfterDays or endsAt, not both.");
            valid = false;
        }

        if (draft.EndAfterDays is < 1 or > MaxEndAfterDays)
        {
            errors.Add($"{field}.endAfterDays", $"Must be from 1 to {MaxEndAfterDays} days.");
            valid = false;
        }

        if (draft.EndsAt is { } endsAt && now is { } at && endsAt <= at)
        {
            errors.Add($"{field}.endsAt", "The end is in the past; triggered codes would never work.");
            valid = false;
        }

        return valid && payout is not null
            ? new StageTrigger(new ProjectId(draft.ProjectId!), stage, payout, draft.EndAfterDays, draft.EndsAt, draft.SendEmail ?? false)
            : null;
    }
}
