using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Members;

/// <summary>One incoming row; <see cref="RowNumber"/> is how the client refers to it (e.g. the CSV line).</summary>
public sealed record MemberImportRow(int RowNumber, MemberDraft? Member);

public enum MemberImportOutcome
{
    Created,
    Updated,
    Unchanged,
    Invalid,
}

/// <summary>What happens to one row. <see cref="MemberId"/> is set unless the row is invalid.</summary>
public sealed record MemberImportRowResult(int RowNumber, MemberImportOutcome Outcome, MemberId? MemberId, IReadOnlyList<FieldError> Errors);

/// <summary>Per-row results in input order, and the members to write.</summary>
public sealed record MemberImportPlan(IReadOnlyList<MemberImportRowResult> Rows, IReadOnlyList<Member> ToCreate, IReadOnlyList<Member> ToUpdate)
{
    public int Count(MemberImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
}

/// <summary>
/// Decides, row by row, whether an import creates, updates or leaves a member unchanged. A member may
/// appear once per import: a later row with the same identity is invalid and points at the first, so
/// nothing is overwritten silently. A row for a known member may leave out the name. Runs in one pass
/// with hash lookups.
/// </summary>
public static class MemberImportPlanner
{
    /// <param name="existing">The brand's members that could match, keyed by <see cref="MemberProfile.Identity"/>.</param>
    /// <param name="newId">Makes ids for created members; <see cref="MemberId.New"/> when null.</param>
    public static MemberImportPlan Plan(
        BrandId brandId,
        IReadOnlyList<MemberImportRow> rows,
        IReadOnlyDictionary<MemberIdentityKey, Member> existing,
        DateTimeOffset now,
        Func<MemberId>? newId = null)
    {
        newId ??= MemberId.New;
        var results = new List<MemberImportRowResult>(rows.Count);
        var toCreate = new List<Member>();
        var toUpdate = new List<Member>();
        var firstRowByIdentity = new Dictionary<MemberIdentityKey, int>();

        foreach (var row in rows)
        {
            var validated = MemberValidator.Validate(row.Member, nameRequired: false);
            if (!validated.IsValid)
            {
                results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Invalid, null, validated.Errors));
                continue;
            }

            var profile = validated.Value;
            if (!firstRowByIdentity.TryAdd(profile.Identity, row.RowNumber))
            {
                var field = profile.ExternalId is null ? "email" : "externalId";
                var error = new FieldError(field, $"The same member is already in row {firstRowByIdentity[profile.Identity]}; list each member once per import.");
                results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Invalid, null, [error]));
                continue;
            }

            if (!existing.TryGetValue(profile.Identity, out var current))
            {
                if (profile.Name.Length == 0)
                {
                    var missingName = new FieldError("name", "A new member needs name, or firstName and/or lastName.");
                    results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Invalid, null, [missingName]));
                    continue;
                }

                var created = new Member(newId(), brandId, profile, now, now);
                toCreate.Add(created);
                results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Created, created.Id, []));
                continue;
            }

            var merged = profile.ApplyTo(current.Profile, NamesMember(row.Member!));
            if (merged == current.Profile)
            {
                results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Unchanged, current.Id, []));
                continue;
            }

            toUpdate.Add(current with { Profile = merged, UpdatedAt = now });
            results.Add(new MemberImportRowResult(row.RowNumber, MemberImportOutcome.Updated, current.Id, []));
        }

        return new MemberImportPlan(results, toCreate, toUpdate);
    }

    private static bool NamesMember(MemberDraft draft) =>
        !string.IsNullOrWhiteSpace(draft.Name) || !string.IsNullOrWhiteSpace(draft.FirstName) || !string.IsNullOrWhiteSpace(draft.LastName);
}
