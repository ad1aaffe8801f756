using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Members;

/// <summary>A member as listed in one project.</summary>
public sealed record ProjectMember(ProjectId ProjectId, Member Member, WorkflowStage Stage);

/// <summary>A member who can get a code in the offer, the projects they came from, and the proposed code.</summary>
public sealed record EligibleMember(Member Member, IReadOnlyList<ProjectId> ProjectIds, PlannedCode Proposal);

/// <summary>
/// The "add members" step: members of the chosen projects who have no code in the offer yet, each once,
/// with a proposed code. A member counts when any of their memberships is not Declined.
/// </summary>
public static class OfferEligibility
{
    public static bool IsEligibleStage(WorkflowStage stage) => stage != WorkflowStage.Declined;

    public static IReadOnlyList<EligibleMember> Find(
        IEnumerable<ProjectMember> projectMembers,
        IReadOnlySet<MemberId> membersWithCode,
        NamingStrategy strategy,
        string discountToken,
        IRandomSource random,
        Func<string, bool>? isTakenInStore = null)
    {
        var order = new List<MemberId>();
        var members = new Dictionary<MemberId, (Member Member, List<ProjectId> Projects, bool Eligible)>();
        foreach (var entry in projectMembers)
        {
            var id = entry.Member.Id;
            if (membersWithCode.Contains(id))
            {
                continue;
            }

            if (!members.TryGetValue(id, out var seen))
            {
                order.Add(id);
                seen = (entry.Member, [], false);
            }

            if (!seen.Projects.Contains(entry.ProjectId))
            {
                seen.Projects.Add(entry.ProjectId);
            }

            members[id] = seen with { Eligible = seen.Eligible || IsEligibleStage(entry.Stage) };
        }

        var eligible = order.Select(id => members[id]).Where(m => m.Eligible).ToArray();
        var requests = eligible.Select(m => new CodeRequest(m.Member.Id, m.Member.Profile.ToNamingSubject())).ToArray();
        var plan = CodeBatchPlanner.Plan(requests, strategy, discountToken, random, isTakenInStore);
        return eligible.Select((m, i) => new EligibleMember(m.Member, m.Projects, plan.Items[i])).ToArray();
    }
}
