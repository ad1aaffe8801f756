using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Members;

public class OfferEligibilityTests
{
    private static readonly ProjectId Spring = new("spring");
    private static readonly ProjectId Summer = new("summer");
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static Member Person(string id, string name, string? handle = null) =>
        new(new MemberId(id), new BrandId("b1"), MemberValidator.Validate(new MemberDraft { Name = name, Email = $"{id}@example.com", Handle = handle }).Value, Now, Now);

    private static IReadOnlyList<EligibleMember> Find(IEnumerable<ProjectMember> members, params string[] withCode) =>
        OfferEligibility.Find(members, withCode.Select(id => new MemberId(id)).ToHashSet(), NamingStrategy.Default, "10", new ScriptedRandom());

    [Fact]
    public void Find_WhenMemberInTwoProjects_ShouldListThemOnceWithBothProjects()
    {
        var john = Person("m1", "John Smith");

        var eligible = Assert.Single(Find([new ProjectMember(Spring, john, WorkflowStage.Active), new ProjectMember(Summer, john, WorkflowStage.Invited)]));

        Assert.Equal([Spring, Summer], eligible.ProjectIds);
        Assert.Equal("JOHN10", eligible.Proposal.Code);
    }

    [Fact]
    public void Find_WhenMemberAlreadyHasCode_ShouldLeaveThemOut()
    {
        var eligible = Find([new ProjectMember(Spring, Person("m1", "John"), WorkflowStage.Active), new ProjectMember(Spring, Person("m2", "Anna"), WorkflowStage.Active)], "m1");

        Assert.Equal([new MemberId("m2")], eligible.Select(e => e.Member.Id));
    }

    [Fact]
    public void Find_WhenMemberDeclinedEverywhere_ShouldLeaveThemOut()
    {
        Assert.Empty(Find([new ProjectMember(Spring, Person("m1", "John"), WorkflowStage.Declined)]));
    }

    [Fact]
    public void Find_WhenDeclinedInOneProjectButActiveInAnother_ShouldInclude()
    {
        var john = Person("m1", "John");

        Assert.Single(Find([new ProjectMember(Spring, john, WorkflowStage.Declined), new ProjectMember(Summer, john, WorkflowStage.Contracted)]));
    }

    [Fact]
    public void Find_WhenTwoMembersShareFirstName_ShouldProposeDistinctCodesFirstComeFirst()
    {
        var eligible = Find(
        [
            new ProjectMember(Spring, Person("m1", "John Smith"), WorkflowStage.Active),
            new ProjectMember(Summer, Person("m2", "John Doe"), WorkflowStage.Active),
        ]);

        Assert.Equal(["JOHN10", "JOHN10B"], eligible.Select(e => e.Proposal.Code));
    }

    [Fact]
    public void Find_WhenMemberHasNoUsableFirstName_ShouldListThemWithFailureReason()
    {
        var eligible = Assert.Single(Find([new ProjectMember(Spring, Person("m1", "李小龍"), WorkflowStage.Active)]));

        Assert.Equal(CodePlanStatus.Failed, eligible.Proposal.Status);
        Assert.NotNull(eligible.Proposal.FailureReason);
    }

    [Fact]
    public void Find_WhenCodeTakenInStore_ShouldProposeNextFreeCode()
    {
        var eligible = OfferEligibility.Find(
            [new ProjectMember(Spring, Person("m1", "John"), WorkflowStage.Active)],
            new HashSet<MemberId>(),
            NamingStrategy.Default,
            "10",
            new ScriptedRandom(),
            code => code == "JOHN10");

        Assert.Equal("JOHN10B", Assert.Single(eligible).Proposal.Code);
    }

    [Theory]
    [InlineData(WorkflowStage.Invited, true)]
    [InlineData(WorkflowStage.Completed, true)]
    [InlineData(WorkflowStage.Declined, false)]
    public void IsEligibleStage_WhenStage_ShouldExcludeOnlyDeclined(WorkflowStage stage, bool expected)
    {
        Assert.Equal(expected, OfferEligibility.IsEligibleStage(stage));
    }
}
