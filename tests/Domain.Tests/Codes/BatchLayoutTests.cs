using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class BatchLayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Member NewMember(string first) =>
        new(MemberId.New(), BrandId.New(), new MemberProfile($"{first} Doe", first, "Doe", $"{Guid.NewGuid():N}@example.com", null, null), Now, Now);

    private static IReadOnlyList<PlannedMember> Plan(IReadOnlyList<Member> members, IReadOnlySet<MemberId>? live = null) =>
        GenerationPlanner.Plan(members, new Dictionary<MemberId, string>(), live ?? new HashSet<MemberId>(), NamingStrategy.Default, "10", new ScriptedRandom(1));

    [Fact]
    public void From_WhenMoreMembersThanAChunk_ShouldSplitThemIntoChunksOfAtMost250InOrder()
    {
        var members = Enumerable.Range(0, 251).Select(i => NewMember($"M{i:D3}x")).ToArray();

        var layout = BatchLayout.From(Plan(members), [], []);

        Assert.Equal([250, 1], layout.Chunks.Select(c => c.Size));
        Assert.Equal(0, layout.Items[249].Chunk);
        Assert.Equal(1, layout.Items[250].Chunk);
        Assert.Equal(members[250].Id, layout.Items[250].MemberId);
        Assert.Equal(251, layout.Planned);
    }

    [Fact]
    public void From_WhenAMemberHasALiveCode_ShouldReportItAsAFailedItemCountedInItsChunk()
    {
        var ana = NewMember("Ana");
        var ben = NewMember("Ben");

        var layout = BatchLayout.From(Plan([ana, ben], new HashSet<MemberId> { ben.Id }), [], []);

        var failed = layout.Items.Single(i => i.MemberId == ben.Id);
        Assert.Equal(BatchItemState.Failed, failed.State);
        Assert.Null(failed.Code);
        Assert.False(string.IsNullOrEmpty(failed.FailureReason));
        Assert.Equal(CodeFailureKind.MemberHasLiveCode, failed.FailureKind);
        Assert.True(failed.LostMemberClaim);
        Assert.Equal(1, layout.Chunks[0].Failed);
        Assert.Equal(1, layout.Planned);
    }

    [Fact]
    public void From_WhenIdsNameNoMemberOrOverridesNameNoChosenMember_ShouldReportEachAfterThePlannedOnes()
    {
        var ana = NewMember("Ana");
        var unknown = MemberId.New();
        var stray = MemberId.New();

        var layout = BatchLayout.From(Plan([ana]), [unknown], [stray]);

        Assert.Equal([ana.Id, unknown, stray], layout.Items.Select(i => i.MemberId));
        Assert.Equal(BatchLayout.UnknownMemberReason, layout.Items[1].FailureReason);
        Assert.Equal(BatchLayout.StrayOverrideReason, layout.Items[2].FailureReason);
        Assert.Equal([null, CodeFailureKind.UnknownMember, CodeFailureKind.StrayOverride], layout.Items.Select(i => i.FailureKind));
        Assert.Equal(ChunkSummary.Planned(3, 2), Assert.Single(layout.Chunks));
    }

    [Fact]
    public void From_WhenNobodyIsChosen_ShouldHaveNoChunks()
    {
        var layout = BatchLayout.From([], [], []);
        Assert.Empty(layout.Chunks);
        Assert.Equal(0, layout.Planned);
    }
}
