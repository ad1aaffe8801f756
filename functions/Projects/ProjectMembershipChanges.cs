using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Projects;

/// <summary>
/// Adds members to a project or moves their stage, item by item: unknown members and refused moves are reported
/// per item and the other items are applied.
/// </summary>
public sealed class ProjectMembershipChanges(ProjectStore projects, MemberStore members, EventPublisher events, TimeProvider time)
{
    public async Task<MembershipChangesResponse> ApplyAsync(BrandId brand, ProjectId project, IReadOnlyList<MembershipDraft?> drafts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requests = drafts.Select(ProjectMembership.Validate).ToArray();
        var candidateIds = requests.Where(r => r.IsValid && Ids.IsWellFormed(r.Value.MemberId.Value)).Select(r => r.Value.MemberId).ToArray();
        var known = await members.GetManyAsync(brand, candidateIds, cancellationToken);
        var current = await projects.GetMembershipsAsync(brand, project, cancellationToken);

        var results = new MembershipResultResponse[requests.Length];
        var toSave = new Dictionary<MemberId, ProjectMembership>();
        var firstIndex = new Dictionary<MemberId, int>();
        for (var i = 0; i < requests.Length; i++)
        {
            results[i] = Apply(i, requests[i], project, known, current, firstIndex, toSave, now);
        }

        await projects.SaveMembershipsAsync(brand, project, toSave.Values, cancellationToken);
        await events.PublishManyAsync(brand, EventType.MemberStageChanged, EventData.StageChanges(project, toSave.Values, current), cancellationToken);
        return new MembershipChangesResponse(
            results.Count(r => r.Outcome == MembershipOutcome.Added),
            results.Count(r => r.Outcome == MembershipOutcome.Moved),
            results.Count(r => r.Outcome == MembershipOutcome.Unchanged),
            results.Count(r => r.Outcome is MembershipOutcome.Refused or MembershipOutcome.UnknownMember or MembershipOutcome.Invalid),
            results);
    }

    private static MembershipResultResponse Apply(
        int index,
        Validated<MembershipRequest> request,
        ProjectId project,
        IReadOnlyDictionary<MemberId, Member> known,
        IReadOnlyDictionary<MemberId, ProjectMembership> current,
        Dictionary<MemberId, int> firstIndex,
        Dictionary<MemberId, ProjectMembership> toSave,
        DateTimeOffset now)
    {
        if (!request.IsValid)
        {
            var errors = request.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            return new MembershipResultResponse(index, null, MembershipOutcome.Invalid, null, null, errors);
        }

        var (memberId, stage) = request.Value;
        if (!known.ContainsKey(memberId))
        {
            return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.UnknownMember, null, "No member of this brand has this id.", null);
        }

        if (!firstIndex.TryAdd(memberId, index))
        {
            var duplicate = new Dictionary<string, string[]> { ["memberId"] = [$"The member is already in item {firstIndex[memberId]}; list each member once."] };
            return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.Invalid, null, null, duplicate);
        }

        if (!current.TryGetValue(memberId, out var membership))
        {
            toSave[memberId] = new ProjectMembership(project, memberId, stage, now, now);
            return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.Added, stage, null, null);
        }

        var change = membership.MoveTo(stage, now);
        switch (change.Outcome)
        {
            case StageChangeOutcome.Changed:
                toSave[memberId] = change.Membership;
                return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.Moved, stage, null, null);
            case StageChangeOutcome.Unchanged:
                return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.Unchanged, stage, null, null);
            default:
                return new MembershipResultResponse(index, memberId.Value, MembershipOutcome.Refused, membership.Stage, change.Reason, null);
        }
    }
}
