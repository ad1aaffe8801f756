using System.Text.Json;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Shopify;

namespace PromoServerless.Integration.Tests.Sales;

/// <summary>Shopify's webhook bodies read into orders and refunds (pure parsing, no services).</summary>
public sealed class OrderPayloadReaderTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void ReadOrder_ShouldTakeOnlyDiscountCodeApplicationsInTheOrderApplied()
    {
        var order = OrderPayloadReader.ReadOrder(Json("""
            {"id": 1001, "currency": "EUR", "financial_status": "paid", "email": "b@shop.example", "subtotal_price": "90.00",
             "discount_applications": [
               {"type": "manual", "title": "Staff"}, {"type": "discount_code", "code": "ana10"}, {"type": "automatic", "title": "Summer"}, {"type": "discount_code", "code": "ZOE10"}],
             "discount_codes": [{"code": "IGNORED"}]}
            """));

        Assert.Equal(["ana10", "ZOE10"], order.Order.RedeemedCodes);
        Assert.Equal(new Money(90m, "EUR"), order.Order.Subtotal);
        Assert.True(order.Paid);
    }

    [Fact]
    public void ReadOrder_WithoutDiscountApplications_ShouldFallBackToDiscountCodes()
    {
        var order = OrderPayloadReader.ReadOrder(Json("""{"id": 5, "currency": "USD", "financial_status": "pending", "discount_codes": [{"code": "OLD10", "amount": "1.00"}]}"""));

        Assert.Equal(["OLD10"], order.Order.RedeemedCodes);
        Assert.False(order.Paid);
    }

    [Fact]
    public void ReadOrder_ShouldUseShopMoneyAndAddBackListedRefundsToTheCurrentSubtotal()
    {
        var order = OrderPayloadReader.ReadOrder(Json("""
            {"id": 7, "currency": "USD", "financial_status": "partially_refunded", "cancelled_at": null,
             "subtotal_price": "100.00",
             "current_subtotal_price_set": {"shop_money": {"amount": "70.00", "currency_code": "USD"}, "presentment_money": {"amount": "64.00", "currency_code": "EUR"}},
             "total_shipping_price_set": {"shop_money": {"amount": "5.00", "currency_code": "USD"}},
             "total_tax": "8.00",
             "line_items": [{"id": 71, "product_id": 9, "quantity": 2, "price": "50.00", "discount_allocations": [{"amount": "0.00"}]}],
             "refunds": [{"id": 700, "order_id": 7, "created_at": "2026-11-02T10:00:00Z",
                          "refund_line_items": [{"line_item_id": 71, "quantity": 1, "subtotal": "30.00"}], "order_adjustments": []}]}
            """));

        Assert.Equal(100m, order.Order.Subtotal.Amount);
        Assert.Equal((5m, 8m), (order.Order.Shipping.Amount, order.Order.Taxes.Amount));
        Assert.Equal("9", Assert.Single(order.Order.Lines).ProductId);
        var refund = Assert.Single(order.Refunds);
        Assert.Equal(("700", "7", 30m), (refund.RefundId, refund.OrderId, refund.Lines.Single().Subtotal.Amount));
    }

    [Fact]
    public void ReadRefund_ShouldCountDiscrepanciesButNotRefundedShipping()
    {
        var refund = OrderPayloadReader.ReadRefund(Json("""
            {"id": 900, "order_id": 9, "processed_at": "2026-11-03T09:00:00Z",
             "refund_line_items": [{"line_item_id": 91, "quantity": 1, "subtotal": "20.00", "subtotal_set": {"shop_money": {"amount": "20.00"}}}],
             "order_adjustments": [{"kind": "refund_discrepancy", "amount": "-5.00"}, {"kind": "shipping_refund", "amount": "-7.00"}]}
            """), "USD");

        Assert.Equal(20m, refund.Lines.Single().Subtotal.Amount);
        Assert.Equal(5m, refund.Adjustments.Amount);
        Assert.Equal(25m, refund.Subtotal("USD").Amount);
    }

    [Fact]
    public void ReadOrder_WhenCancelled_ShouldSayCancelled()
    {
        var order = OrderPayloadReader.ReadOrder(Json("""{"id": 3, "currency": "USD", "financial_status": "voided", "cancelled_at": "2026-11-02T11:00:00-05:00"}"""));

        Assert.True(order.Order.Cancelled);
    }
}
