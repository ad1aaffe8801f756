using PromoServerless.Domain.Members;
using PromoServerless.Functions.Members;

namespace PromoServerless.Functions.Projects;

public sealed record ProjectResponse(string Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProjectResponse From(Project p) => new(p.Id.Value, p.Details.Name, p.Details.Description, p.CreatedAt, p.UpdatedAt);
}

public sealed record ProjectMemberResponse(MemberResponse Member, WorkflowStage Stage)
{
    public static ProjectMemberResponse From(ProjectMember m) => new(MemberResponse.From(m.Member), m.Stage);
}

public enum MembershipOutcome
{
    /// <summary>The member joined the project at the given stage.</summary>
    Added,

    /// <summary>The member's stage changed.</summary>
    Moved,

    /// <summary>Already a member at that stage.</summary>
    Unchanged,

    /// <summary>The stage change is not allowed; see the reason.</summary>
    Refused,

    /// <summary>No member of this brand has this id.</summary>
    UnknownMember,

    /// <summary>The item itself is invalid; see the errors.</summary>
    Invalid,
}

/// <param name="Index">The item's position in the request.</param>
/// <param name="Stage">The member's stage in the project after the request.</param>
public sealed record MembershipResultResponse(
    int Index, string? MemberId, MembershipOutcome Outcome, WorkflowStage? Stage, string? Reason, IReadOnlyDictionary<string, string[]>? Errors);

public sealed record MembershipChangesResponse(int Added, int Moved, int Unchanged, int Rejected, IReadOnlyList<MembershipResultResponse> Items);
