using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class GenerationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Member NewMember(string? first, string? last = "Doe") =>
        new(MemberId.New(), BrandId.New(), new MemberProfile($"{first} {last}".Trim(), first, last, $"{Guid.NewGuid():N}@example.com", null, null), Now, Now);

    [Fact]
    public void Plan_WhenTwoMembersShareAFirstName_ShouldGiveTheSecondASuffixedCode()
    {
        var john1 = NewMember("John");
        var john2 = NewMember("John", "Smith");
        var plan = GenerationPlanner.Plan([john1, john2], new Dictionary<MemberId, string>(), new HashSet<MemberId>(), NamingStrategy.Default, "10", new ScriptedRandom(1));

        Assert.Equal("JOHN10", plan[0].Code);
        Assert.Equal(CodeConflict.None, plan[0].Conflict);
        Assert.Equal("JOHN10B", plan[1].Code);
        Assert.Equal(CodeConflict.InBatch, plan[1].Conflict);
        Assert.True(plan[1].IsValid);
    }

    [Fact]
    public void Plan_WhenMemberAlreadyHasALiveCode_ShouldFlagWithoutACode()
    {
        var member = NewMember("Ana");
        var plan = GenerationPlanner.Plan([member], new Dictionary<MemberId, string>(), new HashSet<MemberId> { member.Id }, NamingStrategy.Default, "10", new ScriptedRandom(1));
        Assert.Equal(CodeConflict.MemberHasCode, plan[0].Conflict);
        Assert.False(plan[0].IsValid);
    }

    [Fact]
    public void Plan_WhenOverrideGiven_ShouldUseTheTypedCode()
    {
        var member = NewMember("Ana");
        var plan = GenerationPlanner.Plan([member], new Dictionary<MemberId, string> { [member.Id] = "anavip" }, new HashSet<MemberId>(), NamingStrategy.Default, "10", new ScriptedRandom(1));
        Assert.Equal("ANAVIP", plan[0].Code);
        Assert.True(plan[0].IsOverride);
    }

    [Fact]
    public void Plan_WhenTypedCodeIsTakenInStore_ShouldReportStoreConflict()
    {
        var member = NewMember("Ana");
        var plan = GenerationPlanner.Plan([member], new Dictionary<MemberId, string> { [member.Id] = "SUMMER" }, new HashSet<MemberId>(), NamingStrategy.Default, "10", new ScriptedRandom(1), code => code == "SUMMER");
        Assert.Equal(CodeConflict.InStore, plan[0].Conflict);
        Assert.Null(plan[0].Code);
    }

    [Fact]
    public void Plan_WhenMemberHasNoFirstName_ShouldExplainInsteadOfSkipping()
    {
        var member = NewMember(null, "Doe");
        var plan = GenerationPlanner.Plan([member], new Dictionary<MemberId, string>(), new HashSet<MemberId>(), NamingStrategy.Default, "10", new ScriptedRandom(1));
        Assert.Equal(CodeConflict.NoCode, plan[0].Conflict);
        Assert.NotNull(plan[0].Reason);
    }

    [Fact]
    public void Plan_ShouldKeepTheMembersOrder()
    {
        var members = new[] { NewMember("Zoe"), NewMember("Adam"), NewMember("Mia") };
        var plan = GenerationPlanner.Plan(members, new Dictionary<MemberId, string>(), new HashSet<MemberId>(), NamingStrategy.Default, "15", new ScriptedRandom(1));
        Assert.Equal(["ZOE15", "ADAM15", "MIA15"], plan.Select(p => p.Code));
    }
}
