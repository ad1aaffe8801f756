using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Sales;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Sales;

/// <summary>
/// A paid order's delivery writes the order's trail (the decision), then the conversion, then the trail again
/// (Converted). These tests stop a delivery after each of the first two writes, as a crash would, and show what the
/// brand sees then and once the queue re-delivers the event: the conversion is created once, counted once, and can
/// be reviewed as soon as it is listed.
/// </summary>
public sealed class InterruptedAttributionTests(StackFixture stack)
{
    private static readonly (string, string)[] Member = [("Ana", "Lopez")];

    // Two tees at 40 with the member's 10 % code: a base of 72, so CPA 5.50 + 10 % = 12.70.
    private static PlaceOrderRequest UndeliveredOrder(string code) =>
        new([code], [new SimLineItem("Tee", 40m, 2)], Email: $"buyer.{Guid.NewGuid():N}@shoppers.test", DeliverWebhook: false);

    private OrderEventProcessor Processor => stack.Services.GetRequiredService<OrderEventProcessor>();

    [Fact]
    public async Task DeliveryStoppedAfterItsDecision_ShouldBeFinishedByTheRedeliveryOnceAndTheConversionApprovable()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Member);
        var placed = await stack.PlaceOrderAsync(brand, UndeliveredOrder(setup.CodesByMemberId.Values.Single()));
        var orderId = placed.Payload.Order.OrderId;

        await Processor.RecordAttributionAsync(new BrandId(brand.Id), placed.Payload.Order, ApiCalls.Ct);
        var beforeRedelivery = await ApproveAsync(brand, orderId);
        var redelivered = await Processor.ApplyOrderAsync(new BrandId(brand.Id), placed.Payload, ApiCalls.Ct);
        var again = await Processor.ApplyOrderAsync(new BrandId(brand.Id), placed.Payload, ApiCalls.Ct);
        var approve = await ApproveAsync(brand, orderId);

        // Nothing was listed or counted before the conversion was written, so there was nothing to approve either.
        Assert.Equal(HttpStatusCode.NotFound, beforeRedelivery.Status);
        Assert.Equal([OrderEventOutcome.Converted, OrderEventOutcome.Unchanged], [redelivered, again]);
        Assert.Equal(HttpStatusCode.OK, approve.Status);
        Assert.Equal(ConversionStatus.Approved, approve.Read<ConversionResponse>().Status);
        var dashboard = await brand.DashboardAsync(setup.OfferId);
        Assert.Equal((1, 72m, 0m, 12.70m), (dashboard.Totals.Orders, dashboard.Totals.Sales, dashboard.Totals.CommissionPending, dashboard.Totals.CommissionApproved));
    }

    [Fact]
    public async Task ConversionListedBeforeTheTrailSaysConverted_ShouldBeApprovableAndTheRedeliveryShouldKeepItCountedOnce()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Member);
        var (member, code) = setup.CodesByMemberId.Single();
        var placed = await stack.PlaceOrderAsync(brand, UndeliveredOrder(code));
        var orderId = placed.Payload.Order.OrderId;

        // The delivery's first two writes, then it stops: the state the flaky review test once met.
        var trail = await Processor.RecordAttributionAsync(new BrandId(brand.Id), placed.Payload.Order, ApiCalls.Ct);
        await stack.Services.GetRequiredService<ConversionStore>()
            .ApplyAsync(new BrandId(brand.Id), new OfferId(setup.OfferId), new MemberId(member), orderId, c => c ?? trail.Decided, ApiCalls.Ct);
        var listed = Assert.Single(await brand.ConversionsAsync($"api/v1/offers/{setup.OfferId}/conversions"));
        var approve = await ApproveAsync(brand, orderId);
        var redelivered = await Processor.ApplyOrderAsync(new BrandId(brand.Id), placed.Payload, ApiCalls.Ct);

        Assert.Equal(orderId, listed.OrderId);
        Assert.Equal(HttpStatusCode.OK, approve.Status);
        Assert.Equal(OrderEventOutcome.Unchanged, redelivered);
        var after = Assert.Single(await brand.ConversionsAsync($"api/v1/offers/{setup.OfferId}/conversions"));
        Assert.Equal(ConversionStatus.Approved, after.Status);
        var dashboard = await brand.DashboardAsync(setup.OfferId);
        Assert.Equal((1, 72m, 12.70m), (dashboard.Totals.Orders, dashboard.Totals.Sales, dashboard.Totals.CommissionApproved));
    }

    [Fact]
    public async Task RefundWhileTheAttributionIsUnfinished_ShouldFinishItAndBeAppliedOnceWhateverIsRedelivered()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Member);
        var placed = await stack.PlaceOrderAsync(brand, UndeliveredOrder(setup.CodesByMemberId.Values.Single()));
        await Processor.RecordAttributionAsync(new BrandId(brand.Id), placed.Payload.Order, ApiCalls.Ct);

        var refund = await stack.RefundAsync(brand, placed.OrderId, new RefundRequest(36m, Lines: [new SimRefundLineRequest(0, 1)]));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1 && d.Totals.Refunds > 0);
        var paidAgain = await Processor.ApplyOrderAsync(new BrandId(brand.Id), placed.Payload, ApiCalls.Ct);
        var refundRedelivered = await Processor.ProcessAsync(
            new ShopifyEventMessage(new BrandId(brand.Id), ShopifyTopics.RefundsCreate, refund.Delivery!.WebhookId, DateTimeOffset.UtcNow, refund.Refund.GetRawText(), null),
            ApiCalls.Ct);
        var refundUnderAnotherId = await Processor.ProcessAsync(
            new ShopifyEventMessage(new BrandId(brand.Id), ShopifyTopics.RefundsCreate, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, refund.Refund.GetRawText(), null),
            ApiCalls.Ct);

        // The refund takes one of the two tees off: a base of 36, so 5.50 + 3.60 stays and 3.60 is clawed back.
        Assert.Equal(
            [OrderEventOutcome.Unchanged, OrderEventOutcome.Duplicate, OrderEventOutcome.Unchanged],
            [paidAgain, refundRedelivered, refundUnderAnotherId]);
        var dashboard = await brand.DashboardAsync(setup.OfferId);
        Assert.Equal((1, 36m, 36m), (dashboard.Totals.Orders, dashboard.Totals.Sales, dashboard.Totals.Refunds));
        Assert.Equal((5.50m + 3.60m, 3.60m), (dashboard.Totals.CommissionPending, dashboard.Totals.CommissionClawedBack));
    }

    private static Task<ApiAnswer> ApproveAsync(TestBrand brand, string orderId) =>
        brand.Client.PostJsonAsync($"api/v1/conversions/{orderId}/approve", new { reviewedBy = "lee@brand.example" });
}
