using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

public sealed record ProjectRecord(string Id, string BrandId, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProjectRecord From(Project p) => new(p.Id.Value, p.BrandId.Value, p.Details.Name, p.Details.Description, p.CreatedAt, p.UpdatedAt);

    public Project ToProject() => new(new ProjectId(Id), new BrandId(BrandId), new ProjectDetails(Name, Description), CreatedAt, UpdatedAt);
}

public sealed record MembershipRecord(string ProjectId, string MemberId, WorkflowStage Stage, DateTimeOffset AddedAt, DateTimeOffset UpdatedAt)
{
    public static MembershipRecord From(ProjectMembership m) => new(m.ProjectId.Value, m.MemberId.Value, m.Stage, m.AddedAt, m.UpdatedAt);

    public ProjectMembership ToMembership() => new(new ProjectId(ProjectId), new MemberId(MemberId), Stage, AddedAt, UpdatedAt);
}

/// <summary>
/// Projects (PK brand, RK project id) and their members (PK brand|project, RK member id), so one project's
/// members are one partition: read in pages and written in transactions of up to 100.
/// </summary>
public sealed class ProjectStore(StorageClients storage, MemberStore members)
{
    public const int MaxRowsPerTransaction = 100;
    private const string MembersScope = "project";

    private readonly DocumentTable<ProjectRecord> _projects = new(storage.Table(TableNames.Projects));
    private readonly DocumentTable<MembershipRecord> _memberships = new(storage.Table(TableNames.ProjectMembers));

    public static string MembersPartition(BrandId brand, ProjectId project) => Keys.Scoped(brand, MembersScope, project.Value);

    public async Task CreateAsync(Project project, CancellationToken cancellationToken)
    {
        var result = await _projects.InsertAsync(Keys.Brand(project.BrandId), project.Id.Value, ProjectRecord.From(project), cancellationToken);
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"Project {project.Id} already exists; project ids must be new.");
        }
    }

    public async Task<Project?> GetAsync(BrandId brand, ProjectId id, CancellationToken cancellationToken) =>
        (await _projects.GetAsync(Keys.Brand(brand), id.Value, cancellationToken))?.Value.ToProject();

    public async Task<DocumentPage<Project>> ListAsync(BrandId brand, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)}");
        var page = await _projects.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        return new DocumentPage<Project>(page.Items.Select(s => new Stored<Project>(s.PartitionKey, s.RowKey, s.Value.ToProject(), s.ETag, s.Timestamp)).ToArray(), page.ContinuationToken);
    }

    /// <summary>The project's current memberships, keyed by member.</summary>
    public async Task<IReadOnlyDictionary<MemberId, ProjectMembership>> GetMembershipsAsync(BrandId brand, ProjectId project, CancellationToken cancellationToken)
    {
        var memberships = new Dictionary<MemberId, ProjectMembership>();
        await foreach (var row in _memberships.QueryPartitionAsync(MembersPartition(brand, project), cancellationToken))
        {
            var membership = row.Value.ToMembership();
            memberships[membership.MemberId] = membership;
        }

        return memberships;
    }

    /// <summary>Writes memberships (new or moved) of one project, upserting in transactions of up to 100 run in parallel.</summary>
    public async Task SaveMembershipsAsync(BrandId brand, ProjectId project, IReadOnlyCollection<ProjectMembership> memberships, CancellationToken cancellationToken)
    {
        var partition = MembersPartition(brand, project);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MemberStore.MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(memberships.Chunk(MaxRowsPerTransaction), options, async (chunk, ct) =>
        {
            var writes = chunk.Select(m => new DocumentWrite<MembershipRecord>(DocumentWriteKind.Upsert, partition, m.MemberId.Value, MembershipRecord.From(m))).ToArray();
            var result = await _memberships.SubmitAsync(writes, ct);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing project members failed with {result.Status}.");
            }
        });
    }

    /// <summary>One page of a project's members with their stage; memberships whose member is gone are left out.</summary>
    public async Task<DocumentPage<ProjectMember>> GetMembersPageAsync(BrandId brand, ProjectId project, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MembersPartition(brand, project)}");
        var page = await _memberships.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        var found = await members.GetManyAsync(brand, page.Items.Select(i => new MemberId(i.Value.MemberId)), cancellationToken);
        var items = page.Items
            .Where(i => found.ContainsKey(new MemberId(i.Value.MemberId)))
            .Select(i => new Stored<ProjectMember>(i.PartitionKey, i.RowKey, new ProjectMember(project, found[new MemberId(i.Value.MemberId)], i.Value.Stage), i.ETag, i.Timestamp))
            .ToArray();
        return new DocumentPage<ProjectMember>(items, page.ContinuationToken);
    }

    /// <summary>Every member of the project with their stage, read a thousand memberships at a time.</summary>
    public async IAsyncEnumerable<ProjectMember> GetMembersAsync(BrandId brand, ProjectId project, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await GetMembersPageAsync(brand, project, 1000, token, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item.Value;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
