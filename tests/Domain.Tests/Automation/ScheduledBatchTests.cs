using PromoServerless.Domain.Automation;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Automation;

public class ScheduledBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CodeBatch Batch(DateTimeOffset? scheduledFor) =>
        CodeBatch.Queue(CodeBatchId.New(), BrandId.New(), OfferId.New(), Now, null, false, Now, scheduledFor);

    [Fact]
    public void Queue_WhenScheduledAhead_ShouldBeScheduledAndCancellable()
    {
        var batch = Batch(Now.AddHours(1));

        Assert.Equal(CodeBatchStatus.Scheduled, batch.Status);
        Assert.Equal(CancelOutcome.Cancelled, batch.CancelOutcome);
        Assert.False(batch.IsTerminal);
    }

    [Fact]
    public void Queue_WhenScheduledForThePast_ShouldBeQueuedAndNotCancellable()
    {
        var batch = Batch(Now.AddMinutes(-1));

        Assert.Equal(CodeBatchStatus.Queued, batch.Status);
        Assert.Equal(CancelOutcome.AlreadyStarted, batch.CancelOutcome);
    }

    [Fact]
    public void Cancel_ThenBegin_ShouldStayCancelledAndFinal()
    {
        var cancelled = Batch(Now.AddHours(1)).Cancel(Now).Begin();

        Assert.Equal(CodeBatchStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.IsTerminal);
        Assert.Equal(CancelOutcome.AlreadyCancelled, cancelled.CancelOutcome);
        Assert.Equal(Now, cancelled.CompletedAt);
    }

    [Fact]
    public void Begin_ThenCancel_ShouldRun()
    {
        var begun = Batch(Now.AddHours(1)).Begin().Cancel(Now);

        Assert.Equal(CodeBatchStatus.Queued, begun.Status);
        Assert.Equal(CancelOutcome.AlreadyStarted, begun.CancelOutcome);
    }
}
