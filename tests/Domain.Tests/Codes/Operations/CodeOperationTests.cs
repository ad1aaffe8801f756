using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes.Operations;

public sealed class CodeOperationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Start_ShouldCountTheStepsInChunksOf250()
    {
        var steps = Enumerable.Range(0, 600)
            .Select(i => new CodeOperationStep(MemberId.New(), i, i == 300 ? StepOutcome.Failed : StepOutcome.Pending, "CODE" + i))
            .ToArray();

        var operation = CodeOperation.Start(Ids.NewId(), BrandId.New(), OfferId.New(), Command(CodeOperationAction.Deactivate), steps, Now);

        Assert.Equal([new StepCounts(0, 0, 250), new StepCounts(0, 1, 249), new StepCounts(0, 0, 100)], operation.Chunks);
        Assert.Equal(600, operation.MemberCount);
        Assert.Equal(new StepCounts(0, 1, 599), operation.Totals);
        Assert.Equal(CodeOperationStatus.Running, operation.Status);
    }

    [Fact]
    public void WithChunk_ShouldSetTheRecount()
    {
        var operation = Start().WithChunk(0, new StepCounts(1, 0, 0));

        Assert.Equal(new StepCounts(1, 0, 0), operation.Totals);
        Assert.Same(operation, operation.WithChunk(0, new StepCounts(1, 0, 0)));
        Assert.Same(operation, operation.WithChunk(5, new StepCounts(1, 0, 0)));
    }

    [Fact]
    public void Failed_ThenResumed_ShouldRunAgainWithoutTheReason()
    {
        var failed = Start().Failed("Shopify is down", Now);

        Assert.Equal((CodeOperationStatus.Failed, "Shopify is down", Now), (failed.Status, failed.FailureReason, failed.CompletedAt));
        Assert.True(failed.IsTerminal);
        var resumed = failed.Resumed();
        Assert.Equal((CodeOperationStatus.Running, null, null), (resumed.Status, resumed.FailureReason, resumed.CompletedAt));
    }

    [Fact]
    public void Resumed_WhenCompleted_ShouldStayCompleted()
    {
        var completed = Start().Completed(Now);

        Assert.Same(completed, completed.Resumed());
        Assert.Same(completed, completed.Failed("late", Now));
    }

    [Fact]
    public void WithMove_WhenRecordedAgain_ShouldKeepTheFirstMemberAndNewDiscount()
    {
        var first = MemberId.New();
        var moved = Start().WithMove(new DiscountMove("d1", first)).WithNewDiscount("d1", "d2");

        var again = moved.WithMove(new DiscountMove("d1", MemberId.New())).WithNewDiscount("d1", "d3");

        var move = Assert.Single(again.Moves);
        Assert.Equal((first, "d2"), (move.FirstMember, move.NewDiscountId));
        Assert.Same(move, again.MoveTo("d2"));
    }

    private static CodeOperationCommand Command(CodeOperationAction action) => new(action, [], new Dictionary<MemberId, string>(), Now, null);

    private static CodeOperation Start() =>
        CodeOperation.Start(Ids.NewId(), BrandId.New(), OfferId.New(), Command(CodeOperationAction.ChangeDates), [new CodeOperationStep(MemberId.New(), 0, StepOutcome.Pending, "ANA10")], Now);
}
