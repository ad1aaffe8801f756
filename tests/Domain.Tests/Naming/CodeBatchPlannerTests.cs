using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Naming;

public class CodeBatchPlannerTests
{
    private static readonly NamingStrategy FirstNameDiscount = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstNameDiscount", MaxAttempts = 3 }).Value;

    private static CodeRequest Request(string id, string? firstName, string? overrideCode = null) =>
        new(new MemberId(id), new NamingSubject(firstName, null, null), overrideCode);

    [Fact]
    public void Plan_WhenNamesDistinct_ShouldProposeEachCodeAsIs()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m2", "Anna")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(["JOHN10", "ANNA10"], plan.Items.Select(i => i.Code));
        Assert.All(plan.Items, i => Assert.Equal(CodePlanStatus.Proposed, i.Status));
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void Plan_WhenTwoMembersShareAName_ShouldLetTheFirstKeepItAndSuffixTheSecond()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m2", "JOHN"), Request("m3", "john")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(["JOHN10", "JOHN10B", "JOHN10C"], plan.Items.Select(i => i.Code));
        Assert.Equal([CodePlanStatus.Proposed, CodePlanStatus.Adjusted, CodePlanStatus.Adjusted], plan.Items.Select(i => i.Status));
        Assert.All(plan.Items.Skip(1), i => Assert.Equal(new MemberId("m1"), i.ConflictsWith));
        Assert.All(plan.Items.Skip(1), i => Assert.Equal("JOHN10", i.ProposedCode));
    }

    [Fact]
    public void Plan_WhenSameInputTwice_ShouldGiveSameResult()
    {
        CodeRequest[] requests = [Request("m1", "John"), Request("m2", "John"), Request("m3", "Zoë")];

        var first = CodeBatchPlanner.Plan(requests, FirstNameDiscount, "10", new ScriptedRandom());
        var second = CodeBatchPlanner.Plan(requests, FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(first.Items, second.Items);
    }

    [Fact]
    public void Plan_WhenMoreSameNamesThanAttempts_ShouldFailTheRestWithReason()
    {
        var plan = CodeBatchPlanner.Plan(
            [Request("m1", "Li"), Request("m2", "Li"), Request("m3", "Li"), Request("m4", "Li")],
            FirstNameDiscount,
            "10",
            new ScriptedRandom());

        var last = plan.Items[^1];
        Assert.Equal(CodePlanStatus.Failed, last.Status);
        Assert.Contains("after 3 attempts", last.FailureReason, StringComparison.Ordinal);
        Assert.Equal(CodeFailureKind.NoFreeCode, last.FailureKind);
        Assert.Single(plan.Failed);
    }

    [Fact]
    public void Plan_WhenOverrideEqualsALaterProposal_ShouldKeepOverrideAndSuffixTheProposal()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m2", "Zed", "john10")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal("JOHN10B", plan.Items[0].Code);
        Assert.Equal(new PlannedCode(new MemberId("m2"), CodePlanStatus.Overridden, "JOHN10", "JOHN10", null), plan.Items[1]);
    }

    [Fact]
    public void Plan_WhenTwoMembersTypeTheSameCode_ShouldFailTheSecondAndNameTheFirst()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "A", "VIP20"), Request("m2", "B", "vip20")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(CodePlanStatus.Overridden, plan.Items[0].Status);
        Assert.Equal(CodePlanStatus.Failed, plan.Items[1].Status);
        Assert.Equal(new MemberId("m1"), plan.Items[1].ConflictsWith);
        Assert.Equal(CodeFailureKind.TakenInBatch, plan.Items[1].FailureKind);
    }

    [Fact]
    public void Plan_WhenOverrideInvalid_ShouldFailThatMemberOnly()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "John", "JOHN-10"), Request("m2", "Anna")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(CodePlanStatus.Failed, plan.Items[0].Status);
        Assert.Contains("did you mean JOHN10?", plan.Items[0].FailureReason, StringComparison.Ordinal);
        Assert.Equal(CodeFailureKind.InvalidOverride, plan.Items[0].FailureKind);
        Assert.Null(plan.Items[1].FailureKind);
        Assert.Equal("ANNA10", plan.Items[1].Code);
    }

    [Fact]
    public void Plan_WhenMemberHasNoUsableName_ShouldReportNotSkip()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "🙂"), Request("m2", "Anna")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal(2, plan.Items.Count);
        Assert.Equal(CodePlanStatus.Failed, plan.Items[0].Status);
        Assert.NotNull(plan.Items[0].FailureReason);
        Assert.Equal(CodeFailureKind.NoCode, plan.Items[0].FailureKind);
    }

    [Fact]
    public void Plan_WhenMemberListedTwice_ShouldFailTheSecondEntry()
    {
        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m1", "John")], FirstNameDiscount, "10", new ScriptedRandom());

        Assert.Equal("JOHN10", plan.Items[0].Code);
        Assert.Contains("more than once", plan.Items[1].FailureReason, StringComparison.Ordinal);
        Assert.Equal(CodeFailureKind.DuplicateMember, plan.Items[1].FailureKind);
    }

    [Fact]
    public void Plan_WhenCodeTakenInStore_ShouldSuffixProposalButRefuseOverride()
    {
        var store = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "JOHN10", "ANNA5" };

        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m2", "Anna", "anna5")], FirstNameDiscount, "10", new ScriptedRandom(), store.Contains);

        Assert.Equal("JOHN10B", plan.Items[0].Code);
        Assert.Null(plan.Items[0].ConflictsWith);
        Assert.Contains("already used in this store", plan.Items[1].FailureReason, StringComparison.Ordinal);
        Assert.Equal(CodeFailureKind.TakenInStore, plan.Items[1].FailureKind);
    }

    [Fact]
    public void Plan_WhenRandomSuffixPolicy_ShouldBeDeterministicForScriptedRandom()
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstNameDiscount", CollisionPolicy = "randomSuffix" }).Value;

        var plan = CodeBatchPlanner.Plan([Request("m1", "John"), Request("m2", "John")], strategy, "10", new ScriptedRandom(2, 24, 25));

        Assert.Equal("JOHN10C23", plan.Items[1].Code);
    }
}
