using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Members;

/// <summary>
/// Runs an import: looks up the members the rows may match, plans every row, writes the good ones and, when
/// asked, adds them to a project. Importing the same rows again finds every member and changes nothing.
/// </summary>
public sealed class MemberImporter(MemberStore members, ProjectStore projects, TimeProvider time)
{
    public async Task<MemberImportResponse> ImportAsync(
        BrandId brand, IReadOnlyList<MemberImportRow> rows, Project? project, IReadOnlyList<string> ignoredColumns, CancellationToken cancellationToken)
    {
        var identities = rows
            .Where(r => r.Member is not null && (!string.IsNullOrWhiteSpace(r.Member.ExternalId) || !string.IsNullOrWhiteSpace(r.Member.Email)))
            .Select(r => MemberIdentityKey.For(r.Member!.ExternalId, r.Member.Email))
            .ToHashSet();
        var existing = await members.FindByIdentitiesAsync(brand, identities, cancellationToken);
        var now = time.GetUtcNow();
        var plan = MemberImportPlanner.Plan(brand, rows, existing, now);
        var storedIds = await members.SaveImportAsync(brand, plan.ToCreate, plan.ToUpdate, cancellationToken);
        var results = plan.Rows.Select(r => MemberImportRowResponse.From(r, storedIds)).ToArray();

        var added = 0;
        if (project is not null)
        {
            added = await AddToProjectAsync(brand, project.Id, results.Where(r => r.MemberId is not null).Select(r => new MemberId(r.MemberId!)), now, cancellationToken);
        }

        return new MemberImportResponse(
            plan.Count(MemberImportOutcome.Created),
            plan.Count(MemberImportOutcome.Updated),
            plan.Count(MemberImportOutcome.Unchanged),
            plan.Count(MemberImportOutcome.Invalid),
            project?.Id.Value,
            added,
            ignoredColumns,
            results);
    }

    private async Task<int> AddToProjectAsync(BrandId brand, ProjectId project, IEnumerable<MemberId> memberIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await projects.GetMembershipsAsync(brand, project, cancellationToken);
        var added = memberIds.Distinct()
            .Where(id => !current.ContainsKey(id))
            .Select(id => new ProjectMembership(project, id, WorkflowStage.Invited, now, now))
            .ToArray();
        await projects.SaveMembershipsAsync(brand, project, added, cancellationToken);
        return added.Length;
    }
}
