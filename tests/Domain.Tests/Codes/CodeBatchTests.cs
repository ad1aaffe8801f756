using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class CodeBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static CodeBatch NewBatch(int members) =>
        CodeBatch.Start(CodeBatchId.New(), BrandId.New(), OfferId.New(), members, Now, null, sendEmails: false, Now);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(250, 1)]
    [InlineData(251, 2)]
    [InlineData(10_000, 40)]
    public void Start_ShouldSplitMembersIntoChunksOfAtMost250(int members, int chunks)
    {
        var batch = NewBatch(members);
        Assert.Equal(chunks, batch.Chunks.Count);
        Assert.Equal(members, batch.Total);
        Assert.All(batch.Chunks, c => Assert.InRange(c.Size, 1, CodeBatch.ChunkSize));
        Assert.Equal(CodeBatchStatus.Queued, batch.Status);
    }

    [Fact]
    public void WithChunk_WhenSomeChunksRemain_ShouldBeRunningWithPartialCounts()
    {
        var batch = NewBatch(300).WithChunk(0, new ChunkSummary(ChunkStage.Done, 250, 250, 249, 1), Now);
        Assert.Equal(CodeBatchStatus.Running, batch.Status);
        Assert.Equal(249, batch.Created);
        Assert.Equal(1, batch.Failed);
        Assert.Equal(83, batch.Percent);
        Assert.Null(batch.CompletedAt);
    }

    [Fact]
    public void WithChunk_WhenLastChunkDoneWithoutFailures_ShouldComplete()
    {
        var batch = NewBatch(300)
            .WithChunk(0, new ChunkSummary(ChunkStage.Done, 250, 250, 250, 0), Now)
            .WithChunk(1, new ChunkSummary(ChunkStage.Done, 50, 50, 50, 0), Now.AddSeconds(5));
        Assert.Equal(CodeBatchStatus.Completed, batch.Status);
        Assert.Equal(Now.AddSeconds(5), batch.CompletedAt);
        Assert.Equal(100, batch.Percent);
    }

    [Fact]
    public void WithChunk_WhenAnyMemberFailed_ShouldCompleteWithErrors()
    {
        var batch = NewBatch(2)
            .WithChunk(0, new ChunkSummary(ChunkStage.Done, 2, 1, 1, 1), Now);
        Assert.Equal(CodeBatchStatus.CompletedWithErrors, batch.Status);
    }

    [Fact]
    public void WithChunk_WhenTheSameSummaryArrivesTwice_ShouldNotCountTwice()
    {
        var summary = new ChunkSummary(ChunkStage.Done, 250, 250, 250, 0);
        var once = NewBatch(500).WithChunk(0, summary, Now);
        var twice = once.WithChunk(0, summary, Now);
        Assert.Equal(once.Created, twice.Created);
        Assert.Equal(250, twice.Created);
    }

    [Fact]
    public void WithChunk_WhenAnOlderStageArrivesLate_ShouldKeepTheLaterStage()
    {
        var batch = NewBatch(10)
            .WithChunk(0, new ChunkSummary(ChunkStage.Done, 10, 10, 10, 0), Now)
            .WithChunk(0, new ChunkSummary(ChunkStage.Reserved, 10, 10, 0, 0), Now);
        Assert.Equal(ChunkStage.Done, batch.Chunks[0].Stage);
        Assert.Equal(CodeBatchStatus.Completed, batch.Status);
    }

    [Fact]
    public void CanClaimDiscount_WhenAnotherChunkClaimedRecently_ShouldRefuse()
    {
        var batch = NewBatch(600) with { DiscountClaim = new DiscountClaim(0, Now, "ANA10") };
        Assert.False(batch.CanClaimDiscount(1, Now.AddSeconds(10), TimeSpan.FromMinutes(2)));
        Assert.True(batch.CanClaimDiscount(0, Now.AddSeconds(10), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void CanClaimDiscount_WhenTheClaimIsStale_ShouldAllowTakeover()
    {
        var batch = NewBatch(600) with { DiscountClaim = new DiscountClaim(0, Now, "ANA10") };
        Assert.True(batch.CanClaimDiscount(1, Now.AddMinutes(3), TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void ClaimDiscount_WhenTakingOverAStaleClaim_ShouldKeepItsFirstCode()
    {
        var batch = (NewBatch(600) with { DiscountClaim = new DiscountClaim(0, Now, "ANA10") })
            .ClaimDiscount(1, "BEN10", Now.AddMinutes(5), TimeSpan.FromMinutes(2));
        Assert.Equal(1, batch.DiscountClaim!.Chunk);
        Assert.Equal("ANA10", batch.DiscountClaim.FirstCode);
    }

    [Fact]
    public void ClaimDiscount_WhenUnclaimed_ShouldUseTheGivenFirstCode()
    {
        var batch = NewBatch(600).ClaimDiscount(1, "BEN10", Now, TimeSpan.FromMinutes(2));
        Assert.Equal(new DiscountClaim(1, Now, "BEN10"), batch.DiscountClaim);
    }

    [Fact]
    public void CanClaimDiscount_WhenTheDiscountExists_ShouldRefuseEveryone()
    {
        var batch = NewBatch(10) with { ShopifyDiscountId = "gid://shopify/DiscountCodeNode/1" };
        Assert.False(batch.CanClaimDiscount(0, Now, TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData(-10, null, true)]
    [InlineData(10, null, false)]
    [InlineData(-10, 5, false)]
    [InlineData(-10, -1, true)]
    public void DatesSettledAt_ShouldHoldOnceNoStatusCanChangeWithTime(int startMinutes, int? endMinutes, bool settled)
    {
        var batch = NewBatch(1) with { StartsAt = Now.AddMinutes(startMinutes), EndsAt = endMinutes is { } e ? Now.AddMinutes(e) : null };
        Assert.Equal(settled, batch.DatesSettledAt(Now));
    }
}
