using PromoServerless.Domain.Automation;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Automation;

public class TriggerWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reopen_WhenOpen_ShouldKeepTheOpenWindow()
    {
        var open = TriggerWindow.Opened(CodeBatchId.New(), Now);

        Assert.Same(open, open.Reopen(CodeBatchId.New(), Now.AddSeconds(1)));
    }

    [Fact]
    public void Reopen_WhenClosed_ShouldOpenTheNewWindow()
    {
        var first = CodeBatchId.New();
        var next = CodeBatchId.New();

        var reopened = TriggerWindow.Opened(first, Now).Close(first).Reopen(next, Now.AddSeconds(9));

        Assert.Equal(TriggerWindow.Opened(next, Now.AddSeconds(9)), reopened);
    }

    [Fact]
    public void Close_WhenAnotherWindowIsOpen_ShouldLeaveItOpen()
    {
        var open = TriggerWindow.Opened(CodeBatchId.New(), Now);

        Assert.True(open.Close(CodeBatchId.New()).Open);
    }

    [Fact]
    public void MayBeOrphaned_ShouldHoldOnlyForAnOpenWindowPastItsGrace()
    {
        var id = CodeBatchId.New();
        var open = TriggerWindow.Opened(id, Now);

        Assert.False(open.MayBeOrphaned(Now.AddSeconds(5)));
        Assert.True(open.MayBeOrphaned(Now + TriggerWindow.StartGrace));
        Assert.False(open.Close(id).MayBeOrphaned(Now.AddHours(1)));
    }

    [Fact]
    public void ClaimFor_WhenTakenByAnotherBatch_ShouldKeepThatBatch()
    {
        var first = CodeBatchId.New();
        var member = new TriggeredMember(MemberId.New(), "p-contracted", Now);

        var claimed = member.ClaimFor(first).ClaimFor(CodeBatchId.New());

        Assert.Equal(first, claimed.BatchId);
        Assert.False(claimed.IsPending);
    }
}
