using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class ConversionLifecycleTests
{
    [Fact]
    public void PartialRefund_ShouldReduceCpsByTheRefundedShareAndKeepCpa()
    {
        var conversion = Converted(Order(200m), CpaCps(5m, 10m)).ApplyRefund("r1", Usd(50m), Placed);

        Assert.Equal(Usd(5m + 15m), conversion.Commission);
    }

    [Fact]
    public void FullRefund_ShouldVoidCpaToo()
    {
        var conversion = Converted(Order(200m), CpaCps(5m, 10m)).ApplyRefund("r1", Usd(150m), Placed).ApplyRefund("r2", Usd(50m), Placed);

        Assert.True(conversion.FullyRefunded);
        Assert.Equal(Usd(0m), conversion.Commission);
    }

    [Fact]
    public void ApplyRefund_WhenTheSameRefundArrivesTwice_ShouldCountItOnce()
    {
        var once = Converted(Order(200m), Cps(10m)).ApplyRefund("r1", Usd(50m), Placed);

        Assert.Equal(once, once.ApplyRefund("r1", Usd(50m), Placed));
    }

    [Fact]
    public void Refunds_InAnyOrder_ShouldGiveTheSameCommission()
    {
        var start = Converted(Order(200m), Cps(10m));
        var oneWay = start.ApplyRefund("r1", Usd(20m), Placed).ApplyRefund("r2", Usd(30m), Placed);
        var otherWay = start.ApplyRefund("r2", Usd(30m), Placed).ApplyRefund("r1", Usd(20m), Placed);

        Assert.Equal(oneWay.Commission, otherWay.Commission);
        Assert.Equal(Usd(15m), oneWay.Commission);
    }

    [Fact]
    public void Cancel_ShouldRejectAndLaterChangesShouldNotReviveIt()
    {
        var cancelled = Converted(Order(200m), Cps(10m)).Cancel(Placed);

        Assert.Equal(RejectionReason.Cancelled, cancelled.Rejection);
        Assert.Equal(cancelled, cancelled.ApproveIfDue(Placed.AddDays(90)));
        Assert.Equal(Usd(0m), cancelled.ApplyRefund("r1", Usd(10m), Placed).Commission);
    }

    [Fact]
    public void ApproveIfDue_ShouldWaitForTheHoldingPeriod()
    {
        var conversion = Converted(Order(100m), Cps(10m), TimeSpan.FromDays(14));

        Assert.Equal(ConversionStatus.Pending, conversion.ApproveIfDue(Placed.AddDays(13)).Status);
        Assert.Equal(ConversionStatus.Approved, conversion.ApproveIfDue(Placed.AddDays(14)).Status);
    }

    [Fact]
    public void RefundAfterPayment_ShouldCarryANegativeAdjustmentIntoTheNextPayout()
    {
        var paid = Converted(Order(200m), Cps(10m)).Approve().MarkPaid();
        var refunded = paid.ApplyRefund("r1", Usd(50m), Placed.AddDays(40));

        Assert.Equal(ConversionStatus.Paid, refunded.Status);
        Assert.Equal(Usd(20m), refunded.PaidCommission);
        var adjustment = Assert.Single(refunded.Adjustments);
        Assert.Equal(Usd(-5m), adjustment.Amount);
        Assert.Equal(Usd(-5m), refunded.Due);
    }

    [Fact]
    public void CancelAfterPayment_ShouldTakeBackEverythingPaid()
    {
        var paid = Converted(Order(200m), CpaCps(5m, 10m)).Approve().MarkPaid();
        var cancelled = paid.ApplyRefund("r1", Usd(50m), Placed).Cancel(Placed);

        Assert.Equal(Usd(-25m), cancelled.Due);
    }

    [Fact]
    public void Payouts_ShouldNetAdjustmentsAgainstNewCommissionsAndNeverGoBelowZero()
    {
        var janeRefunded = Converted(Order(200m), Cps(10m)).Approve().MarkPaid().ApplyRefund("r1", Usd(100m), Placed);
        var janeNew = Converted(Order(300m) with { OrderId = "order-2" }, Cps(10m)).Approve();
        var omarCancelled = Converted(Order(100m, ["OMAR10"]) with { OrderId = "order-3" }, Cps(10m)).Approve().MarkPaid().Cancel(Placed);

        var due = Payouts.Due([janeRefunded, janeNew, omarCancelled], "USD");

        var jane = Assert.Single(due);
        Assert.Equal(Jane, jane.MemberId);
        Assert.Equal(Usd(30m - 10m), jane.Due);
    }
}
