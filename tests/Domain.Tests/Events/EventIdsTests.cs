using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;

namespace PromoServerless.Domain.Tests.Events;

public sealed class EventIdsTests
{
    private static readonly BrandId Brand = new("0193c2a0b1c24d7e8f90a1b2c3d4e5f6");

    [Fact]
    public void For_WhenThePublisherRunsAgain_ShouldGiveTheSameId()
    {
        var first = EventIds.For(Brand, EventType.CodeBatchCompleted, "batch-1");
        var again = EventIds.For(Brand, EventType.CodeBatchCompleted, "batch-1");

        Assert.Equal(first, again);
        Assert.True(EventIds.IsWellFormed(first));
    }

    [Fact]
    public void For_WhenBrandTypeOrKeyDiffer_ShouldGiveDifferentIds()
    {
        var ids = new[]
        {
            EventIds.For(Brand, EventType.CodeBatchCompleted, "batch-1"),
            EventIds.For(Brand, EventType.CodeBatchCompleted, "batch-2"),
            EventIds.For(Brand, EventType.CodeCreated, "batch-1"),
            EventIds.For(new BrandId("0193c2a0b1c24d7e8f90a1b2c3d4e5f7"), EventType.CodeBatchCompleted, "batch-1"),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void WireNames_ShouldBeTheDocumentedOnesAndParseBack()
    {
        Assert.Equal(
            ["code_batch.completed", "code.created", "code.deactivated", "code.reactivated", "code.renamed", "code.dates_changed", "email_send.completed",
             "member.stage_changed", "conversion.created", "conversion.approved", "conversion.reversed", "payout.paid"],
            EventTypes.All.Select(t => t.WireName()));
        Assert.All(EventTypes.All, t => Assert.True(EventTypes.TryParse(t.WireName(), out var parsed) && parsed == t));
        Assert.False(EventTypes.TryParse("CodeBatchCompleted", out _));
    }
}
