using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes;

/// <summary>A per-member code the user typed instead of the proposed one.</summary>
public sealed record CodeOverrideDraft
{
    public string? MemberId { get; init; }

    public string? Code { get; init; }
}

/// <summary>What a client sends to preview or start a generation.</summary>
public sealed record CodeBatchDraft
{
    /// <summary>Members of these projects are included (each once).</summary>
    public IReadOnlyList<string?>? ProjectIds { get; init; }

    /// <summary>These members are included too.</summary>
    public IReadOnlyList<string?>? MemberIds { get; init; }

    public IReadOnlyList<CodeOverrideDraft?>? Overrides { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Email every member their code when the generation completes.</summary>
    public bool? SendEmails { get; init; }

    /// <summary>When the generation runs; now when absent. A scheduled generation can be cancelled until it starts.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>The label of the offer's payout option the codes earn by; the offer's default when absent.</summary>
    public string? PayoutOption { get; init; }

    /// <summary>
    /// Accepted for compatibility: members who cannot get a code are always reported as failed items in the batch's
    /// results (found when the generation is planned), and the others get their codes.
    /// </summary>
    public bool? SkipInvalid { get; init; }
}

/// <summary>A draft whose shape is valid; members still have to be looked up.</summary>
public sealed record CodeBatchSelection(
    IReadOnlyList<ProjectId> ProjectIds,
    IReadOnlyList<MemberId> MemberIds,
    IReadOnlyDictionary<MemberId, string> Overrides,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    bool SendEmails,
    bool SkipInvalid,
    DateTimeOffset? ScheduledFor = null);

public static class CodeBatchDraftValidator
{
    public const int MaxListedIds = CodeBatch.MaxMembers;

    public static Validated<CodeBatchSelection> Validate(CodeBatchDraft? draft, DateTimeOffset now)
    {
        if (draft is null)
        {
            return Validated<CodeBatchSelection>.Fail(string.Empty, "A request body is required.");
        }

        var errors = new ErrorCollector();
        var projects = ReadIds(draft.ProjectIds, "projectIds", errors).Select(v => new ProjectId(v)).ToArray();
        var members = ReadIds(draft.MemberIds, "memberIds", errors).Select(v => new MemberId(v)).ToArray();
        if (projects.Length == 0 && members.Length == 0 && !errors.HasErrors)
        {
            errors.Add("projectIds", "Choose members: give projectIds, memberIds or both.");
        }

        var overrides = new Dictionary<MemberId, string>();
        for (var i = 0; i < (draft.Overrides?.Count ?? 0); i++)
        {
            var entry = draft.Overrides![i];
            if (entry?.MemberId is not { } memberId || !Ids.IsWellFormed(memberId))
            {
                errors.Add($"overrides[{i}].memberId", "Give the id of a member in this batch.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(entry.Code))
            {
                errors.Add($"overrides[{i}].code", "Give the code to use, or leave the member out of overrides.");
                continue;
            }

            if (!overrides.TryAdd(new MemberId(memberId), entry.Code))
            {
                errors.Add($"overrides[{i}].memberId", "This member already has an override.");
            }
        }

        if (draft.StartsAt is not { } startsAt)
        {
            errors.Add("startsAt", "Give the date and time the codes start to work (ISO 8601 with offset).");
            startsAt = default;
        }

        if (draft.EndsAt is { } endsAt)
        {
            if (draft.StartsAt is not null && endsAt <= startsAt)
            {
                errors.Add("endsAt", "The end must be after the start.");
            }
            else if (endsAt <= now)
            {
                errors.Add("endsAt", "The end is in the past; codes would never work.");
            }
        }

        if (draft.ScheduledFor is { } scheduledFor && scheduledFor > now + Automation.ScheduledStart.MaxAhead)
        {
            errors.Add("scheduledFor", $"A generation can be scheduled at most {Automation.ScheduledStart.MaxAhead.TotalDays:0} days ahead.");
        }

        return errors.ToResult(() => new CodeBatchSelection(projects, members, overrides, startsAt, draft.EndsAt, draft.SendEmails ?? false, draft.SkipInvalid ?? false, draft.ScheduledFor));
    }

    private static List<string> ReadIds(IReadOnlyList<string?>? ids, string field, ErrorCollector errors)
    {
        if (ids is null)
        {
            return [];
        }

        if (ids.Count > MaxListedIds)
        {
            errors.Add(field, $"At most {MaxListedIds} ids.");
            return [];
        }

        var valid = new List<string>(ids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!Ids.IsWellFormed(ids[i]))
            {
                errors.Add($"{field}[{i}]", "Not an id this API issued (32 lower-case hex characters).");
            }
            else if (seen.Add(ids[i]!))
            {
                valid.Add(ids[i]!);
            }
        }

        return valid;
    }
}
