using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class OrderTrailTests
{
    private static readonly MemberCode Jane = FindCode("JANE10")!;

    private static OrderRefund Refund(string id, decimal amount) => new(id, "order-1", [new RefundedLine("l1", 1, Usd(amount))], Usd(0m), Placed.AddDays(1));

    private static Conversion Decided(ShopOrder order) => Converted(order, CpaCps(5m, 10m));

    private static Conversion Refunded(Conversion conversion, ShopOrder order, IEnumerable<OrderRefund> refunds) =>
        refunds.Aggregate(conversion, (c, r) => c.ApplyRefund(r.RefundId, c.Rules.RefundedBaseOf(order, r), r.CreatedAt));

    [Fact]
    public void Hold_WhenTheOrderHasNotBeenSeen_ShouldKeepEachRefundOnce()
    {
        var trail = OrderTrail.New("order-1").Hold(Refund("r1", 10m)).Hold(Refund("r1", 10m)).Hold(Refund("r2", 5m));

        Assert.Equal(["r1", "r2"], trail.HeldRefunds.Select(r => r.RefundId));
    }

    [Fact]
    public void Hold_OnceConverted_ShouldHoldNothing()
    {
        var trail = OrderTrail.New("order-1").Attribute(Order(100m), Decided(Order(100m))).Complete().Hold(Refund("r1", 10m));

        Assert.Empty(trail.HeldRefunds);
        Assert.Equal(OrderAttribution.Converted, trail.State);
        Assert.Equal((Jane.OfferId, Jane.MemberId), (trail.OfferId, trail.MemberId));
    }

    [Fact]
    public void Attribute_WithADecidedConversion_ShouldRecordTheDecisionAndPointAtTheConversionBeforeItIsWritten()
    {
        var decided = Decided(Order(100m));

        var trail = OrderTrail.New("order-1").Attribute(Order(100m), decided);

        Assert.Equal(OrderAttribution.Attributing, trail.State);
        Assert.Same(decided, trail.Decided);
        Assert.Equal((Jane.OfferId, Jane.MemberId), trail.ConversionKey);
    }

    [Fact]
    public void Complete_WhenAttributing_ShouldBeConvertedAtTheSameConversionAndLetTheDecisionGo()
    {
        var attributing = OrderTrail.New("order-1").Hold(Refund("r1", 10m)).Attribute(Order(100m), Decided(Order(100m)));

        var converted = attributing.Complete();

        Assert.Equal(OrderAttribution.Converted, converted.State);
        Assert.Null(converted.Decided);
        Assert.Equal(attributing.ConversionKey, converted.ConversionKey);
        Assert.Same(converted, converted.Complete());
    }

    [Fact]
    public void Complete_WhenNothingWasDecided_ShouldChangeNothing()
    {
        var unseen = OrderTrail.New("order-1").Hold(Refund("r1", 10m));
        var none = OrderTrail.New("order-1").Attribute(Order(100m), null);

        Assert.Same(unseen, unseen.Complete());
        Assert.Same(none, none.Complete());
        Assert.Null(unseen.ConversionKey);
        Assert.Null(none.ConversionKey);
    }

    [Fact]
    public void Attribute_ShouldBeDecidedOnceWhateverArrivesLater()
    {
        var none = OrderTrail.New("order-1").Attribute(Order(100m), null);
        var attributing = OrderTrail.New("order-1").Attribute(Order(100m), Decided(Order(100m)));
        var converted = attributing.Complete();
        var other = Decided(Order(300m)) with { MemberId = Omar };

        Assert.Equal(OrderAttribution.NoMemberCode, none.State);
        Assert.Same(none, none.Attribute(Order(100m), Decided(Order(100m))));
        Assert.Same(attributing, attributing.Attribute(Order(300m), other));
        Assert.Same(attributing, attributing.Attribute(Order(100m), null));
        Assert.Same(converted, converted.Attribute(Order(300m), other));
    }

    [Fact]
    public void Hold_WhileAttributing_ShouldKeepEachRefundOnceUntilTheTrailIsConverted()
    {
        var attributing = OrderTrail.New("order-1").Hold(Refund("r1", 10m)).Attribute(Order(100m), Decided(Order(100m)));

        var held = attributing.Hold(Refund("r2", 5m)).Hold(Refund("r2", 5m)).Hold(Refund("r1", 10m));
        var late = held.Complete().Hold(Refund("r3", 1m));

        Assert.Equal(["r1", "r2"], held.HeldRefunds.Select(r => r.RefundId));
        Assert.Equal(["r1", "r2"], late.HeldRefunds.Select(r => r.RefundId));
    }

    [Fact]
    public void HeldRefunds_AppliedByEveryDeliveryThatFinishesTheAttribution_ShouldCountEachRefundOnce()
    {
        // The paid event read the trail holding r1; a refund event then held r2 and read both. Each finishes the
        // attribution with the refunds it read, in either order, against the same conversion.
        var order = Order(200m, lines: [Line("l1", 100m), Line("l2", 100m)]);
        var r1 = new OrderRefund("r1", "order-1", [new RefundedLine("l1", 1, Usd(100m))], Usd(0m), Placed.AddDays(1));
        var r2 = new OrderRefund("r2", "order-1", [new RefundedLine("l2", 1, Usd(50m))], Usd(0m), Placed.AddDays(2));
        var readByPaid = OrderTrail.New("order-1").Hold(r1).Attribute(order, Decided(order));
        var readByRefund = readByPaid.Hold(r2);

        var paidFirst = Refunded(Refunded(readByPaid.Decided!, order, readByPaid.HeldRefunds), order, readByRefund.HeldRefunds);
        var refundFirst = Refunded(Refunded(readByRefund.Decided!, order, readByRefund.HeldRefunds), order, readByPaid.HeldRefunds);
        var inOrder = Refunded(Decided(order), order, [r1, r2]);

        Assert.Equal(["r1", "r2"], paidFirst.AppliedRefunds);
        Assert.Equal(["r1", "r2"], refundFirst.AppliedRefunds);
        Assert.Equal(inOrder.RefundedBase, paidFirst.RefundedBase);
        Assert.Equal(inOrder.RefundedBase, refundFirst.RefundedBase);
        Assert.Equal(Usd(5m + 5m), paidFirst.Commission);
    }

    [Fact]
    public void HeldRefunds_AppliedWhenThePaidEventArrives_ShouldGiveWhatInOrderDeliveryGives()
    {
        var order = Order(200m, lines: [Line("l1", 100m), Line("l2", 100m)]);
        var refund = new OrderRefund("r1", "order-1", [new RefundedLine("l2", 1, Usd(100m))], Usd(0m), Placed.AddDays(1));
        var inOrder = Converted(order, CpaCps(5m, 10m)).ApplyRefund("r1", CommissionBaseRules.Default.RefundedBaseOf(order, refund), refund.CreatedAt);

        var trail = OrderTrail.New("order-1").Hold(refund).Attribute(order, Decided(order));
        var late = Refunded(trail.Decided!, order, trail.HeldRefunds);

        Assert.Equal(inOrder.Commission, late.Commission);
        Assert.Equal(Usd(15m), late.Commission);
    }
}
