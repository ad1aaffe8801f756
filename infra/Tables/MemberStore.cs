using System.Collections.Concurrent;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>A member as stored (PK brand, RK member id).</summary>
public sealed record MemberRecord(
    string Id,
    string BrandId,
    string Name,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Handle,
    string? ExternalId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MemberRecord From(Member m) => new(
        m.Id.Value, m.BrandId.Value, m.Profile.Name, m.Profile.FirstName, m.Profile.LastName, m.Profile.Email, m.Profile.Handle, m.Profile.ExternalId, m.CreatedAt, m.UpdatedAt);

    public Member ToMember() => new(
        new MemberId(Id), new BrandId(BrandId), new MemberProfile(Name, FirstName, LastName, Email, Handle, ExternalId), CreatedAt, UpdatedAt);
}

/// <summary>Row of <c>memberidentities</c> (PK brand, RK hash of the identity key): which member an identity belongs to.</summary>
public sealed record MemberIdentityRecord(string IdentityKey, string MemberId);

/// <summary>
/// Members and their identity index. The index row is claimed (conditional insert) before the member row is
/// written, so two imports can never create two members with one identity; a crash between the two leaves an
/// index row whose member is missing, and the next import of that identity creates the member under the
/// index row's id.
/// </summary>
public sealed class MemberStore(StorageClients storage)
{
    public const int MaxRowsPerTransaction = 100;

    /// <summary>Concurrent requests to storage for one call: enough to hide latency, few enough to stay polite.</summary>
    public const int MaxParallelRequests = 16;

    // Below this many identities point reads are cheaper than reading the brand's whole member partition.
    private const int PointReadLimit = 200;

    private readonly DocumentTable<MemberRecord> _members = new(storage.Table(TableNames.Members), m => new Dictionary<string, object?>
    {
        ["Name"] = m.Name,
        ["FirstName"] = m.FirstName,
        ["LastName"] = m.LastName,
        ["Email"] = m.Email,
        ["Handle"] = m.Handle,
        ["ExternalId"] = m.ExternalId,
        ["CreatedAt"] = m.CreatedAt,
        ["UpdatedAt"] = m.UpdatedAt,
    });
    private readonly DocumentTable<MemberIdentityRecord> _identities = new(storage.Table(TableNames.MemberIdentities));

    public async Task<Member?> GetAsync(BrandId brand, MemberId id, CancellationToken cancellationToken) =>
        (await _members.GetAsync(Keys.Brand(brand), id.Value, cancellationToken))?.Value.ToMember();

    /// <summary>
    /// The members that exist among <paramref name="ids"/>. A few are point reads (at most
    /// <see cref="MaxParallelRequests"/> at a time); many are one range query over the brand's partition
    /// between the smallest and largest id, which costs a fraction of thousands of point reads.
    /// </summary>
    public async Task<IReadOnlyDictionary<MemberId, Member>> GetManyAsync(BrandId brand, IEnumerable<MemberId> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length > PointReadLimit)
        {
            return await ReadRangeAsync(brand, wanted, cancellationToken);
        }

        var found = new ConcurrentDictionary<MemberId, Member>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(wanted, options, async (id, ct) =>
        {
            if (await GetAsync(brand, id, ct) is { } member)
            {
                found[id] = member;
            }
        });
        return found;
    }

    private async Task<IReadOnlyDictionary<MemberId, Member>> ReadRangeAsync(BrandId brand, MemberId[] wanted, CancellationToken cancellationToken)
    {
        var set = wanted.ToHashSet();
        var sorted = wanted.Select(i => i.Value).Order(StringComparer.Ordinal).ToArray();
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)} and RowKey ge {sorted[0]} and RowKey le {sorted[^1]}");
        var found = new Dictionary<MemberId, Member>(wanted.Length);
        await foreach (var row in _members.QueryAsync(filter, cancellationToken))
        {
            var member = row.Value.ToMember();
            if (set.Contains(member.Id))
            {
                found[member.Id] = member;
            }
        }

        return found;
    }

    public async Task<DocumentPage<Member>> ListAsync(BrandId brand, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)}");
        var page = await _members.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        return new DocumentPage<Member>(page.Items.Select(s => new Stored<Member>(s.PartitionKey, s.RowKey, s.Value.ToMember(), s.ETag, s.Timestamp)).ToArray(), page.ContinuationToken);
    }

    /// <summary>The brand's members with one of <paramref name="identities"/>, keyed by identity: what an import plans against.</summary>
    public async Task<IReadOnlyDictionary<MemberIdentityKey, Member>> FindByIdentitiesAsync(
        BrandId brand, IReadOnlyCollection<MemberIdentityKey> identities, CancellationToken cancellationToken)
    {
        var wanted = identities.ToHashSet();
        if (wanted.Count == 0)
        {
            return new Dictionary<MemberIdentityKey, Member>();
        }

        if (wanted.Count > PointReadLimit)
        {
            var all = new Dictionary<MemberIdentityKey, Member>();
            await foreach (var row in _members.QueryPartitionAsync(Keys.Brand(brand), cancellationToken))
            {
                var member = row.Value.ToMember();
                if (wanted.Contains(member.Profile.Identity))
                {
                    all[member.Profile.Identity] = member;
                }
            }

            return all;
        }

        var memberIds = new ConcurrentDictionary<MemberIdentityKey, MemberId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(wanted, options, async (identity, ct) =>
        {
            if (await _identities.GetAsync(Keys.Brand(brand), RowKeys.Hashed(identity.Value), ct) is { } row)
            {
                memberIds[identity] = new MemberId(row.Value.MemberId);
            }
        });
        var members = await GetManyAsync(brand, memberIds.Values, cancellationToken);
        return memberIds.Where(p => members.ContainsKey(p.Value)).ToDictionary(p => p.Key, p => members[p.Value]);
    }

    /// <summary>
    /// Writes an import: claims the identities of <paramref name="toCreate"/>, then upserts every member, in
    /// transactions of up to 100 rows run in parallel. When an identity is already claimed (a concurrent import,
    /// or a crash after the claim), the member is stored under the claimed id instead; the answer maps each such
    /// planned id to the stored one.
    /// </summary>
    public async Task<IReadOnlyDictionary<MemberId, MemberId>> SaveImportAsync(
        BrandId brand, IReadOnlyList<Member> toCreate, IReadOnlyList<Member> toUpdate, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(brand);
        var renamed = new ConcurrentDictionary<MemberId, MemberId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };

        await Parallel.ForEachAsync(toCreate.Chunk(MaxRowsPerTransaction), options, async (chunk, ct) =>
        {
            var claims = chunk.Select(m => new DocumentWrite<MemberIdentityRecord>(
                DocumentWriteKind.Insert, partition, RowKeys.Hashed(m.Profile.Identity.Value), new MemberIdentityRecord(m.Profile.Identity.Value, m.Id.Value))).ToArray();
            var result = await _identities.SubmitAsync(claims, ct);
            if (result.Status == WriteStatus.Conflict)
            {
                await ClaimOneByOneAsync(partition, chunk, renamed, ct);
            }
            else if (!result.IsOk)
            {
                throw new InvalidOperationException($"Claiming member identities failed with {result.Status}.");
            }
        });

        var writes = toCreate.Select(m => renamed.TryGetValue(m.Id, out var id) ? m with { Id = id } : m).Concat(toUpdate);
        await UpsertManyAsync(brand, writes, cancellationToken);
        return renamed;
    }

    private async Task UpsertManyAsync(BrandId brand, IEnumerable<Member> members, CancellationToken cancellationToken)
    {
        var partition = Keys.Brand(brand);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(members.Chunk(MaxRowsPerTransaction), options, async (chunk, ct) =>
        {
            var writes = chunk.Select(m => new DocumentWrite<MemberRecord>(DocumentWriteKind.Upsert, partition, m.Id.Value, MemberRecord.From(m))).ToArray();
            var result = await _members.SubmitAsync(writes, ct);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing members failed with {result.Status}.");
            }
        });
    }

    private async Task ClaimOneByOneAsync(string partition, IEnumerable<Member> members, ConcurrentDictionary<MemberId, MemberId> renamed, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            var rowKey = RowKeys.Hashed(member.Profile.Identity.Value);
            var claim = new MemberIdentityRecord(member.Profile.Identity.Value, member.Id.Value);
            if ((await _identities.InsertAsync(partition, rowKey, claim, cancellationToken)).IsOk)
            {
                continue;
            }

            var holder = await _identities.GetAsync(partition, rowKey, cancellationToken)
                ?? throw new InvalidOperationException("A member identity vanished between insert and read.");
            renamed[member.Id] = new MemberId(holder.Value.MemberId);
        }
    }
}
