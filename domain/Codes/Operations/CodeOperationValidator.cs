using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Codes.Operations;

/// <summary>Checks a bulk code operation's shape before anything is read or written. Field names are the client's JSON paths.</summary>
public static class CodeOperationValidator
{
    /// <summary>What one request body can sensibly carry; the operation itself runs in chunks of <see cref="CodeOperation.ChunkSize"/>.</summary>
    public const int MaxMembers = 100_000;

    private static readonly Dictionary<string, CodeOperationAction> Actions = new(StringComparer.Ordinal)
    {
        ["rename"] = CodeOperationAction.Rename,
        ["deactivate"] = CodeOperationAction.Deactivate,
        ["reactivate"] = CodeOperationAction.Reactivate,
        ["changeDates"] = CodeOperationAction.ChangeDates,
    };

    public static Validated<CodeOperationCommand> Validate(CodeOperationRequest? request, DateTimeOffset now, int maxCodeLength)
    {
        if (request is null)
        {
            return Validated<CodeOperationCommand>.Fail(string.Empty, "A request body is required.");
        }

        var errors = new ErrorCollector();
        var action = ReadAction(request.Action, errors);
        var members = ReadMembers(request.MemberIds, errors);
        var codes = action == CodeOperationAction.Rename
            ? ReadNewCodes(request.Codes, members, maxCodeLength, errors)
            : new Dictionary<MemberId, string>();
        if (action is not null and not CodeOperationAction.Rename && request.Codes is not null)
        {
            errors.Add("codes", "Only a rename takes new codes.");
        }

        if (action == CodeOperationAction.ChangeDates)
        {
            CheckDates(request, now, errors);
        }
        else if (action is not null && (request.StartsAt is not null || request.EndsAt is not null))
        {
            errors.Add(request.StartsAt is not null ? "startsAt" : "endsAt", "Only changeDates takes dates.");
        }

        return errors.ToResult(() => new CodeOperationCommand(action!.Value, members, codes, request.StartsAt, request.EndsAt));
    }

    private static CodeOperationAction? ReadAction(string? action, ErrorCollector errors)
    {
        if (action is not null && Actions.TryGetValue(action, out var known))
        {
            return known;
        }

        errors.Add("action", $"Give one of: {string.Join(", ", Actions.Keys)}.");
        return null;
    }

    private static List<MemberId> ReadMembers(IReadOnlyList<string?>? ids, ErrorCollector errors)
    {
        if (ids is null || ids.Count == 0)
        {
            errors.Add("memberIds", $"List the members whose codes change (1 to {MaxMembers:N0}).");
            return [];
        }

        if (ids.Count > MaxMembers)
        {
            errors.Add("memberIds", $"At most {MaxMembers:N0} members per operation; split the list.");
            return [];
        }

        var members = new List<MemberId>(ids.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!Ids.IsWellFormed(ids[i]))
            {
                errors.Add($"memberIds[{i}]", "Not a member id.");
            }
            else if (!seen.Add(ids[i]!))
            {
                errors.Add($"memberIds[{i}]", "This member is listed twice.");
            }
            else
            {
                members.Add(new MemberId(ids[i]!));
            }
        }

        return members;
    }

    private static Dictionary<MemberId, string> ReadNewCodes(IReadOnlyDictionary<string, string?>? codes, List<MemberId> members, int maxCodeLength, ErrorCollector errors)
    {
        var accepted = new Dictionary<MemberId, string>();
        if (codes is null || codes.Count == 0)
        {
            errors.Add("codes", "Give each member's new code: {\"<memberId>\": \"NEWCODE\"}.");
            return accepted;
        }

        var listed = members.ToHashSet();
        foreach (var key in codes.Keys.Where(k => !Ids.IsWellFormed(k) || !listed.Contains(new MemberId(k))))
        {
            errors.Add($"codes.{key}", "This member is not in memberIds.");
        }

        var owners = new Dictionary<string, MemberId>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            var field = $"codes.{member.Value}";
            if (!codes.TryGetValue(member.Value, out var typed))
            {
                errors.Add(field, "Give this member's new code.");
                continue;
            }

            var code = CodeOverride.Validate(typed, maxCodeLength);
            if (!code.IsValid)
            {
                errors.AddRange(code.Errors.Select(e => e with { Field = field }));
            }
            else if (!owners.TryAdd(code.Value, member))
            {
                errors.Add(field, $"The code {code.Value} is also given to member {owners[code.Value]}.");
            }
            else
            {
                accepted[member] = code.Value;
            }
        }

        return accepted;
    }

    private static void CheckDates(CodeOperationRequest request, DateTimeOffset now, ErrorCollector errors)
    {
        if (request.StartsAt is not { } startsAt)
        {
            errors.Add("startsAt", "Give the date and time the codes start to work (ISO 8601 with offset).");
            return;
        }

        if (request.EndsAt is { } endsAt && endsAt <= startsAt)
        {
            errors.Add("endsAt", "The end must be after the start.");
        }
        else if (request.EndsAt is { } end && end <= now)
        {
            errors.Add("endsAt", "The end is in the past; the codes would never work.");
        }
    }
}
