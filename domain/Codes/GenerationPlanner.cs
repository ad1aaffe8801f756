using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Codes;

public enum CodeConflict
{
    None,

    /// <summary>Another member of this batch has (or typed) the same code.</summary>
    InBatch,

    /// <summary>The code is already used in this store.</summary>
    InStore,

    /// <summary>The member already has a live code in this offer.</summary>
    MemberHasCode,

    /// <summary>No usable code could be made (see the reason).</summary>
    NoCode,
}

/// <summary>One member's line in a preview or a new batch.</summary>
public sealed record PlannedMember(Member Member, string? Code, string? ProposedCode, bool IsOverride, CodeConflict Conflict, string? Reason, int Attempt, CodeFailureKind? FailureKind = null)
{
    public bool IsValid => Code is not null;
}

/// <summary>
/// Turns the chosen members into the codes a generation will use: typed codes and proposals, duplicates in
/// the batch resolved by the offer's collision policy, members who already have a live code flagged.
/// </summary>
public static class GenerationPlanner
{
    public static IReadOnlyList<PlannedMember> Plan(
        IReadOnlyList<Member> members,
        IReadOnlyDictionary<MemberId, string> overrides,
        IReadOnlySet<MemberId> membersWithLiveCode,
        NamingStrategy strategy,
        string discountToken,
        IRandomSource random,
        Func<string, bool>? isTakenInStore = null)
    {
        var requests = members
            .Where(m => !membersWithLiveCode.Contains(m.Id))
            .Select(m => new CodeRequest(m.Id, m.Profile.ToNamingSubject(), overrides.GetValueOrDefault(m.Id)))
            .ToArray();
        var plan = CodeBatchPlanner.Plan(requests, strategy, discountToken, random, isTakenInStore);
        var planned = plan.Items.ToDictionary(i => i.MemberId);
        return members.Select(m => ToPlannedMember(m, planned.GetValueOrDefault(m.Id), overrides.ContainsKey(m.Id))).ToArray();
    }

    private static PlannedMember ToPlannedMember(Member member, PlannedCode? code, bool isOverride)
    {
        if (code is null)
        {
            return new PlannedMember(member, null, null, isOverride, CodeConflict.MemberHasCode, "The member already has a code in this offer.", 0, CodeFailureKind.MemberHasLiveCode);
        }

        if (code.Status == CodePlanStatus.Failed)
        {
            var conflict = code.ConflictsWith is not null ? CodeConflict.InBatch
                : code.FailureKind == CodeFailureKind.TakenInStore ? CodeConflict.InStore
                : CodeConflict.NoCode;
            return new PlannedMember(member, null, code.ProposedCode, isOverride, conflict, code.FailureReason, 0, code.FailureKind);
        }

        var adjusted = code.Status == CodePlanStatus.Adjusted;
        return new PlannedMember(
            member,
            code.Code,
            code.ProposedCode,
            isOverride,
            adjusted ? (code.ConflictsWith is not null ? CodeConflict.InBatch : CodeConflict.InStore) : CodeConflict.None,
            null,
            adjusted ? 2 : 1);
    }
}
