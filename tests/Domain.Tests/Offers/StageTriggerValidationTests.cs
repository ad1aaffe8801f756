using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class StageTriggerValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Project = Ids.NewId();

    private static Validated<OfferDefinition> Validate(params StageTriggerDraft?[] triggers) =>
        OfferValidator.Validate(Drafts.Offer() with { StageTriggers = triggers }, "USD", Now);

    private static string[] ErrorFields(params StageTriggerDraft?[] triggers) => Validate(triggers).Errors.Select(e => e.Field).ToArray();

    [Fact]
    public void Validate_WhenTriggerComplete_ShouldKeepItWithTheDefaultPayoutOption()
    {
        var trigger = Assert.Single(Validate(new StageTriggerDraft { ProjectId = Project, Stage = "Contracted", EndAfterDays = 30, SendEmail = true }).Value.StageTriggers);

        Assert.Equal(new ProjectId(Project), trigger.ProjectId);
        Assert.Equal(WorkflowStage.Contracted, trigger.Stage);
        Assert.Equal(Drafts.Offer().PayoutOptions![0]!.Label, trigger.PayoutOptionLabel);
        Assert.True(trigger.SendEmail);
        Assert.Equal(Now.AddDays(30), trigger.EndsFor(Now));
    }

    [Fact]
    public void Validate_WhenNoTriggers_ShouldGiveNone()
    {
        Assert.Empty(OfferValidator.Validate(Drafts.Offer(), "USD").Value.StageTriggers);
    }

    [Theory]
    [InlineData(null, "contracted", "stageTriggers[0].projectId")]
    [InlineData("x", "contracted", "stageTriggers[0].projectId")]
    [InlineData("P", null, "stageTriggers[0].stage")]
    [InlineData("P", "invited", "stageTriggers[0].stage")]
    [InlineData("P", "declined", "stageTriggers[0].stage")]
    [InlineData("P", "signed", "stageTriggers[0].stage")]
    public void Validate_WhenProjectOrStageIsWrong_ShouldNameTheField(string? project, string? stage, string field)
    {
        Assert.Equal([field], ErrorFields(new StageTriggerDraft { ProjectId = project == "P" ? Project : project, Stage = stage }));
    }

    [Fact]
    public void Validate_WhenDatesOrPayoutAreWrong_ShouldNameEachField()
    {
        var fields = ErrorFields(
            new StageTriggerDraft { ProjectId = Project, Stage = "accepted", EndAfterDays = 0 },
            new StageTriggerDraft { ProjectId = Project, Stage = "contracted", EndAfterDays = 5, EndsAt = Now.AddDays(5) },
            new StageTriggerDraft { ProjectId = Project, Stage = "active", EndsAt = Now.AddMinutes(-1) },
            new StageTriggerDraft { ProjectId = Project, Stage = "completed", PayoutOption = "Gold" },
            null);

        Assert.Equal(["stageTriggers[0].endAfterDays", "stageTriggers[1].endsAt", "stageTriggers[2].endsAt", "stageTriggers[3].payoutOption", "stageTriggers[4]"], fields);
    }

    [Fact]
    public void Validate_WhenTwoTriggersShareProjectAndStage_ShouldRefuseTheSecond()
    {
        Assert.Equal(["stageTriggers[1].stage"], ErrorFields(
            new StageTriggerDraft { ProjectId = Project, Stage = "contracted" },
            new StageTriggerDraft { ProjectId = Project, Stage = "Contracted", EndAfterDays = 3 }));
    }

    [Fact]
    public void Validate_WhenTooManyTriggers_ShouldRefuseTheList()
    {
        var many = Enumerable.Range(0, 21).Select(_ => new StageTriggerDraft { ProjectId = Ids.NewId(), Stage = "contracted" }).ToArray();

        Assert.Equal(["stageTriggers"], ErrorFields(many));
    }

    [Theory]
    [InlineData(WorkflowStage.Invited, false)]
    [InlineData(WorkflowStage.Accepted, false)]
    [InlineData(WorkflowStage.Contracted, true)]
    [InlineData(WorkflowStage.Active, true)]
    [InlineData(WorkflowStage.Completed, true)]
    [InlineData(WorkflowStage.Declined, false)]
    public void IsReachedBy_ShouldHoldAtOrPastTheStageButNeverWhenDeclined(WorkflowStage stage, bool reached)
    {
        var trigger = new StageTrigger(new ProjectId(Project), WorkflowStage.Contracted, "Standard", null, null, false);

        Assert.Equal(reached, trigger.IsReachedBy(stage));
    }

    [Fact]
    public void EndsFor_WhenAFixedDateIsGiven_ShouldEndThenWhateverTheTriggerTime()
    {
        var end = Now.AddDays(60);
        var trigger = new StageTrigger(new ProjectId(Project), WorkflowStage.Active, "Standard", null, end, false);

        Assert.Equal(end, trigger.EndsFor(Now.AddDays(3)));
    }
}
