using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class CodeBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static CodeBatch Queued() =>
        CodeBatch.Queue(CodeBatchId.New(), BrandId.New(), OfferId.New(), Now, null, sendEmails: false, Now);

    private static CodeBatch Planned(params int[] sizes) =>
        Queued().WithPlan(sizes.Select(size => ChunkSummary.Planned(size, 0)).ToArray());

    [Fact]
    public void Queue_ShouldWaitForPlanningWithNoCountsYet()
    {
        var batch = Queued();
        Assert.Equal(CodeBatchStatus.Queued, batch.Status);
        Assert.False(batch.Planned);
        Assert.Equal(0, batch.Total);
        Assert.Equal(0, batch.Percent);
    }

    [Fact]
    public void WithPlan_ShouldRunWithTheChunksAndCountPlanningFailures()
    {
        var batch = Queued().WithPlan([ChunkSummary.Planned(250, 0), ChunkSummary.Planned(10, 4)]);
        Assert.Equal(CodeBatchStatus.Running, batch.Status);
        Assert.Equal(260, batch.Total);
        Assert.Equal(4, batch.Failed);
    }

    [Fact]
    public void WithPlan_WhenPlannedAlready_ShouldKeepTheFirstPlan()
    {
        var first = Planned(250, 250);
        var again = first.WithPlan([ChunkSummary.Planned(5, 0)]);
        Assert.Equal(500, again.Total);
    }

    [Fact]
    public void WithChunk_WhenSomeChunksRemain_ShouldBeRunningWithPartialCounts()
    {
        var batch = Planned(250, 50).WithChunk(0, new ChunkSummary(ChunkStage.Done, 250, 250, 249, 1));
        Assert.Equal(CodeBatchStatus.Running, batch.Status);
        Assert.Equal(249, batch.Created);
        Assert.Equal(1, batch.Failed);
        Assert.Equal(83, batch.Percent);
        Assert.Null(batch.CompletedAt);
    }

    [Fact]
    public void WithChunk_WhenTheSameSummaryArrivesTwice_ShouldNotCountTwice()
    {
        var summary = new ChunkSummary(ChunkStage.Done, 250, 250, 250, 0);
        var once = Planned(250, 250).WithChunk(0, summary);
        var twice = once.WithChunk(0, summary);
        Assert.Same(once, twice);
        Assert.Equal(250, twice.Created);
    }

    [Fact]
    public void WithChunk_WhenAnOlderStageArrivesLate_ShouldKeepTheLaterStage()
    {
        var batch = Planned(10)
            .WithChunk(0, new ChunkSummary(ChunkStage.Done, 10, 10, 10, 0))
            .WithChunk(0, new ChunkSummary(ChunkStage.Reserved, 10, 10, 0, 0));
        Assert.Equal(ChunkStage.Done, batch.Chunks[0].Stage);
        Assert.Equal(10, batch.Created);
    }

    [Fact]
    public void Complete_WhenEveryMemberGotACode_ShouldBeCompleted()
    {
        var batch = Planned(2).WithChunk(0, new ChunkSummary(ChunkStage.Done, 2, 2, 2, 0)).Complete(Now.AddSeconds(5));
        Assert.Equal(CodeBatchStatus.Completed, batch.Status);
        Assert.Equal(Now.AddSeconds(5), batch.CompletedAt);
        Assert.Equal(100, batch.Percent);
    }

    [Fact]
    public void Complete_WhenSomeMembersFailed_ShouldBeCompletedWithErrors()
    {
        var batch = Planned(2).WithChunk(0, new ChunkSummary(ChunkStage.Done, 2, 1, 1, 1)).Complete(Now);
        Assert.Equal(CodeBatchStatus.CompletedWithErrors, batch.Status);
        Assert.Null(batch.FailureReason);
    }

    [Fact]
    public void Complete_WhenNoMemberGotACode_ShouldFailSayingSo()
    {
        var batch = Queued().WithPlan([ChunkSummary.Planned(3, 3)]).Complete(Now);
        Assert.Equal(CodeBatchStatus.Failed, batch.Status);
        Assert.Equal(CodeBatch.NoCodeMadeReason, batch.FailureReason);
    }

    [Fact]
    public void Complete_WhenTheBatchFailedAsAWhole_ShouldFailWithThatReason()
    {
        var batch = Planned(2).Fail("Shopify refused the discount.").Complete(Now, "Generation stopped.");
        Assert.Equal(CodeBatchStatus.Failed, batch.Status);
        Assert.Equal("Shopify refused the discount.", batch.FailureReason);
    }

    [Fact]
    public void Complete_WhenCompletedAlready_ShouldKeepTheFirstOutcome()
    {
        var done = Planned(1).WithChunk(0, new ChunkSummary(ChunkStage.Done, 1, 1, 1, 0)).Complete(Now);
        var again = done.Complete(Now.AddHours(1), "Generation stopped.");
        Assert.Same(done, again);
    }

    [Theory]
    [InlineData(-10, null, true)]
    [InlineData(10, null, false)]
    [InlineData(-10, 5, false)]
    [InlineData(-10, -1, true)]
    public void DatesSettledAt_ShouldHoldOnceNoStatusCanChangeWithTime(int startMinutes, int? endMinutes, bool settled)
    {
        var batch = Queued() with { StartsAt = Now.AddMinutes(startMinutes), EndsAt = endMinutes is { } e ? Now.AddMinutes(e) : null };
        Assert.Equal(settled, batch.DatesSettledAt(Now));
    }
}
