using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Members;

public class ProjectMembershipTests
{
    private static readonly DateTimeOffset Added = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Added.AddDays(2);

    private static ProjectMembership In(WorkflowStage stage) => new(new ProjectId("p1"), new MemberId("m1"), stage, Added, Added);

    [Theory]
    [InlineData(WorkflowStage.Invited, WorkflowStage.Accepted)]
    [InlineData(WorkflowStage.Invited, WorkflowStage.Contracted)]
    [InlineData(WorkflowStage.Accepted, WorkflowStage.Active)]
    [InlineData(WorkflowStage.Active, WorkflowStage.Completed)]
    [InlineData(WorkflowStage.Invited, WorkflowStage.Declined)]
    [InlineData(WorkflowStage.Accepted, WorkflowStage.Declined)]
    public void MoveTo_WhenForwardOrDeclineBeforeContract_ShouldChangeStage(WorkflowStage from, WorkflowStage to)
    {
        var change = In(from).MoveTo(to, Later);

        Assert.Equal(StageChangeOutcome.Changed, change.Outcome);
        Assert.Equal(to, change.Membership.Stage);
        Assert.Equal(Later, change.Membership.UpdatedAt);
    }

    [Theory]
    [InlineData(WorkflowStage.Contracted, WorkflowStage.Accepted)]
    [InlineData(WorkflowStage.Active, WorkflowStage.Invited)]
    [InlineData(WorkflowStage.Contracted, WorkflowStage.Declined)]
    [InlineData(WorkflowStage.Active, WorkflowStage.Declined)]
    [InlineData(WorkflowStage.Completed, WorkflowStage.Active)]
    [InlineData(WorkflowStage.Declined, WorkflowStage.Invited)]
    [InlineData(WorkflowStage.Declined, WorkflowStage.Accepted)]
    public void MoveTo_WhenBackwardOrFromFinalStage_ShouldBeRefusedWithReason(WorkflowStage from, WorkflowStage to)
    {
        var change = In(from).MoveTo(to, Later);

        Assert.Equal(StageChangeOutcome.Refused, change.Outcome);
        Assert.Equal(from, change.Membership.Stage);
        Assert.False(string.IsNullOrWhiteSpace(change.Reason));
    }

    [Fact]
    public void MoveTo_WhenSameStage_ShouldBeUnchanged()
    {
        var change = In(WorkflowStage.Completed).MoveTo(WorkflowStage.Completed, Later);

        Assert.Equal(StageChangeOutcome.Unchanged, change.Outcome);
        Assert.Equal(Added, change.Membership.UpdatedAt);
    }

    [Fact]
    public void Validate_WhenStageOmitted_ShouldDefaultToInvited()
    {
        var request = ProjectMembership.Validate(new MembershipDraft { MemberId = " m1 " }).Value;

        Assert.Equal(new MembershipRequest(new MemberId("m1"), WorkflowStage.Invited), request);
    }

    [Theory]
    [InlineData("contracted", WorkflowStage.Contracted)]
    [InlineData("ACTIVE", WorkflowStage.Active)]
    public void Validate_WhenStageGiven_ShouldParseIgnoringCase(string stage, WorkflowStage expected)
    {
        Assert.Equal(expected, ProjectMembership.Validate(new MembershipDraft { MemberId = "m1", Stage = stage }).Value.Stage);
    }

    [Fact]
    public void Validate_WhenMemberIdMissingAndStageUnknown_ShouldReportBoth()
    {
        var result = ProjectMembership.Validate(new MembershipDraft { Stage = "shortlisted" });

        Assert.Equal(["memberId", "stage"], result.Errors.Select(e => e.Field));
    }
}
