using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class OrderTrailTests
{
    private static readonly MemberCode Jane = FindCode("JANE10")!;

    private static OrderRefund Refund(string id, decimal amount) => new(id, "order-1", [new RefundedLine("l1", 1, Usd(amount))], Usd(0m), Placed.AddDays(1));

    [Fact]
    public void Hold_WhenTheOrderHasNotBeenSeen_ShouldKeepEachRefundOnce()
    {
        var trail = OrderTrail.New("order-1").Hold(Refund("r1", 10m)).Hold(Refund("r1", 10m)).Hold(Refund("r2", 5m));

        Assert.Equal(["r1", "r2"], trail.HeldRefunds.Select(r => r.RefundId));
    }

    [Fact]
    public void Hold_OnceAttributed_ShouldHoldNothing()
    {
        var trail = OrderTrail.New("order-1").Attribute(Order(100m), Jane).Hold(Refund("r1", 10m));

        Assert.Empty(trail.HeldRefunds);
        Assert.Equal(OrderAttribution.Converted, trail.State);
        Assert.Equal((Jane.OfferId, Jane.MemberId), (trail.OfferId, trail.MemberId));
    }

    [Fact]
    public void Attribute_ShouldBeDecidedOnceWhateverArrivesLater()
    {
        var none = OrderTrail.New("order-1").Attribute(Order(100m), null);

        Assert.Equal(OrderAttribution.NoMemberCode, none.State);
        Assert.Equal(none, none.Attribute(Order(100m), Jane));
    }

    [Fact]
    public void HeldRefunds_AppliedWhenThePaidEventArrives_ShouldGiveWhatInOrderDeliveryGives()
    {
        var order = Order(200m, lines: [Line("l1", 100m), Line("l2", 100m)]);
        var refund = new OrderRefund("r1", "order-1", [new RefundedLine("l2", 1, Usd(100m))], Usd(0m), Placed.AddDays(1));
        var inOrder = Converted(order, CpaCps(5m, 10m)).ApplyRefund("r1", CommissionBaseRules.Default.RefundedBaseOf(order, refund), refund.CreatedAt);

        var trail = OrderTrail.New("order-1").Hold(refund).Attribute(order, Jane);
        var late = trail.HeldRefunds.Aggregate(Converted(order, CpaCps(5m, 10m)), (c, r) => c.ApplyRefund(r.RefundId, CommissionBaseRules.Default.RefundedBaseOf(order, r), r.CreatedAt));

        Assert.Equal(inOrder.Commission, late.Commission);
        Assert.Equal(Usd(15m), late.Commission);
    }
}
