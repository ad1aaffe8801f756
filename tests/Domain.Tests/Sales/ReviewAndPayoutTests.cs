using PromoServerless.Domain.Sales;
using static PromoServerless.Domain.Tests.Sales.SalesExamples;

namespace PromoServerless.Domain.Tests.Sales;

public sealed class ReviewAndPayoutTests
{
    private static readonly DateTimeOffset Reviewed = Placed.AddDays(2);

    [Fact]
    public void ApproveByHand_WhenPending_ShouldApproveBeforeTheHoldingPeriodAndRecordWhoWhenAndWhy()
    {
        var (outcome, approved) = Converted(Order(200m), Cps(10m)).ApproveByHand("lee@brand.example", "Verified sale", Reviewed);

        Assert.Equal(ReviewOutcome.Changed, outcome);
        Assert.Equal(ConversionStatus.Approved, approved.Status);
        Assert.Equal(new ConversionReview(ConversionReviewAction.Approved, "lee@brand.example", "Verified sale", Reviewed), Assert.Single(approved.Reviews!));
    }

    [Fact]
    public void ApproveByHand_WhenRejectedAsSelfReferral_ShouldOverrideTheRejection()
    {
        var selfReferral = Converted(Order(200m, email: "jane@creators.example"), Cps(10m));

        var (outcome, approved) = selfReferral.ApproveByHand("lee", "Jane bought for a customer", Reviewed);

        Assert.Equal(ReviewOutcome.Changed, outcome);
        Assert.Null(approved.Rejection);
        Assert.Equal(Usd(20m), approved.Commission);
    }

    [Fact]
    public void ApproveByHand_WhenTheOrderWasCancelled_ShouldBeRefused()
    {
        var cancelled = Converted(Order(200m), Cps(10m)).Cancel(Placed);

        Assert.Equal(ReviewOutcome.Refused, cancelled.ApproveByHand("lee", null, Reviewed).Outcome);
    }

    [Fact]
    public void RejectByHand_ShouldEarnNothingAndBeRefusedOncePaid()
    {
        var (outcome, rejected) = Converted(Order(200m), CpaCps(5m, 10m)).RejectByHand("lee", "Staff order", Reviewed);
        var paid = Converted(Order(200m), Cps(10m)).Approve().MarkPaid();

        Assert.Equal(ReviewOutcome.Changed, outcome);
        Assert.Equal((ConversionStatus.Rejected, RejectionReason.Manual, Usd(0m)), (rejected.Status, rejected.Rejection, rejected.Commission));
        Assert.Equal("Staff order", Assert.Single(rejected.Reviews!).Reason);
        Assert.Equal(ReviewOutcome.Refused, paid.RejectByHand("lee", "Too late", Reviewed).Outcome);
        Assert.Equal(ReviewOutcome.Unchanged, rejected.RejectByHand("lee", "Again", Reviewed).Outcome);
    }

    [Fact]
    public void MarkPaid_ShouldSettleAdjustmentsCarriedIntoThisPayout()
    {
        var refundedAfterPayment = Converted(Order(200m), Cps(10m)).Approve().MarkPaid().ApplyRefund("r1", Usd(50m), Placed);

        var settled = refundedAfterPayment.MarkPaid();

        Assert.Equal(Usd(-5m), refundedAfterPayment.Due);
        Assert.True(refundedAfterPayment.IsPayable);
        Assert.Equal(Usd(0m), settled.Due);
        Assert.False(settled.IsPayable);
        Assert.Equal(Usd(20m), settled.PaidCommission);
    }

    [Fact]
    public void PayoutsDue_WhenAdjustmentsExceedWhatIsApproved_ShouldBeNothingNotNegative()
    {
        var clawedBack = Converted(Order(200m), Cps(10m)).Approve().MarkPaid().Cancel(Placed);
        var small = Converted(Order(50m) with { OrderId = "order-2" }, Cps(10m)).Approve();

        Assert.Empty(Payouts.Due([clawedBack, small], "USD"));
    }

    [Fact]
    public void CommissionBeforeRefunds_ShouldShowWhatARefundClawedBack()
    {
        var refunded = Converted(Order(200m), CpaCps(5m, 10m)).ApplyRefund("r1", Usd(50m), Placed);

        Assert.Equal(Usd(25m), refunded.CommissionBeforeRefunds);
        Assert.Equal(Usd(20m), refunded.Commission);
    }
}
