using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Functions.Members;

public sealed record MemberResponse(
    string Id,
    string Name,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Handle,
    string? ExternalId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MemberResponse From(Member m) =>
        new(m.Id.Value, m.Profile.Name, m.Profile.FirstName, m.Profile.LastName, m.Profile.Email, m.Profile.Handle, m.Profile.ExternalId, m.CreatedAt, m.UpdatedAt);
}

/// <summary>The outcome of an import: counts, then one entry per row in the order sent.</summary>
/// <param name="IgnoredColumns">CSV header columns that matched no member field.</param>
/// <param name="AddedToProject">Members newly added to the project given in projectId (existing memberships are kept as they are).</param>
public sealed record MemberImportResponse(
    int Created,
    int Updated,
    int Unchanged,
    int Invalid,
    string? ProjectId,
    int AddedToProject,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<MemberImportRowResponse> Rows);

/// <param name="Row">The array index for JSON; for CSV the line the row starts on (the header is line 1).</param>
/// <param name="Errors">For an invalid row: field name to messages.</param>
public sealed record MemberImportRowResponse(int Row, MemberImportOutcome Outcome, string? MemberId, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static MemberImportRowResponse From(MemberImportRowResult row, IReadOnlyDictionary<MemberId, MemberId> storedIds)
    {
        var id = row.MemberId is { } planned && storedIds.TryGetValue(planned, out var stored) ? stored : row.MemberId;
        var errors = row.Errors.Count == 0 ? null : row.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return new MemberImportRowResponse(row.RowNumber, row.Outcome, id?.Value, errors);
    }
}
