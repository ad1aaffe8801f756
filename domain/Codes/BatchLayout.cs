using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Codes;

/// <summary>A planned generation as it is stored: every member's item in its chunk, and each chunk's starting summary.</summary>
public sealed record BatchLayout(IReadOnlyList<BatchItem> Items, IReadOnlyList<ChunkSummary> Chunks)
{
    public const string UnknownMemberReason = "No member with this id.";

    public const string StrayOverrideReason = "The member has an override but is not among the chosen members.";

    /// <summary>Members with a code to reserve.</summary>
    public int Planned => Items.Count(i => i.State == BatchItemState.Planned);

    /// <summary>
    /// Lays members out in chunks of <see cref="CodeBatch.ChunkSize"/>, in the order given: the planned members,
    /// then ids that name no member, then overrides for members not chosen. Whoever cannot get a code is a
    /// failed item with the reason, so the batch's results report every member the request named.
    /// </summary>
    public static BatchLayout From(IReadOnlyList<PlannedMember> planned, IReadOnlyList<MemberId> unknown, IReadOnlyList<MemberId> strayOverrides)
    {
        var items = new List<BatchItem>(planned.Count + unknown.Count + strayOverrides.Count);
        foreach (var member in planned)
        {
            var profile = member.Member.Profile;
            var item = new BatchItem(member.Member.Id, Chunk(items.Count), BatchItemState.Planned, member.Code, member.Attempt, member.IsOverride, profile.FirstName, profile.LastName, profile.Handle, PlannedCode: member.ProposedCode);
            items.Add(member.IsValid ? item : item.Fail(member.FailureKind ?? CodeFailureKind.NoCode, member.Reason ?? "No code could be made for this member."));
        }

        foreach (var id in unknown)
        {
            items.Add(Missing(id, items.Count, CodeFailureKind.UnknownMember, UnknownMemberReason));
        }

        foreach (var id in strayOverrides)
        {
            items.Add(Missing(id, items.Count, CodeFailureKind.StrayOverride, StrayOverrideReason));
        }

        var chunks = items.Chunk(CodeBatch.ChunkSize)
            .Select(chunk => ChunkSummary.Planned(chunk.Length, chunk.Count(i => i.State == BatchItemState.Failed)))
            .ToArray();
        return new BatchLayout(items, chunks);
    }

    private static int Chunk(int position) => position / CodeBatch.ChunkSize;

    private static BatchItem Missing(MemberId id, int position, CodeFailureKind kind, string reason) =>
        new BatchItem(id, Chunk(position), BatchItemState.Planned, null, 0, false, null, null, null).Fail(kind, reason);
}
