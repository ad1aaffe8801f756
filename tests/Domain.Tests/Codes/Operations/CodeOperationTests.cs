using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes.Operations;

public sealed class CodeOperationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public void CanLease_WhenAnotherHolderIsLive_ShouldRefuseUntilTheLeaseExpires()
    {
        var leased = Start().Leased("a", Now, Lease);

        Assert.False(leased.CanLease("b", Now.AddMinutes(1)));
        Assert.True(leased.CanLease("a", Now.AddMinutes(1)));
        Assert.True(leased.CanLease("b", Now + Lease));
    }

    [Fact]
    public void Released_WhenByTheHolder_ShouldFreeTheOperation()
    {
        var leased = Start().Leased("a", Now, Lease);

        Assert.Same(leased, leased.Released("b"));
        Assert.True(leased.Released("a").CanLease("b", Now));
    }

    [Fact]
    public void CanLease_WhenCompleted_ShouldRefuseEveryone() =>
        Assert.False(Start().Completed(Now).CanLease("a", Now));

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

    private static CodeOperation Start() => CodeOperation.Start(Ids.NewId(), BrandId.New(), OfferId.New(), CodeOperationAction.ChangeDates, Now);
}
