using System.Globalization;
using System.Text.Json.Nodes;

namespace PromoServerless.ShopifySimulator;

/// <summary>REST-style webhook bodies for <c>orders/paid</c> and <c>refunds/create</c>, with the fields the project reads.</summary>
public static class OrderPayloads
{
    public static JsonObject Order(SimOrder order) => new()
    {
        ["id"] = order.Id,
        ["admin_graphql_api_id"] = order.Gid,
        ["name"] = order.Name,
        ["email"] = order.CustomerEmail,
        ["created_at"] = Time(order.CreatedAt),
        ["updated_at"] = Time(order.UpdatedAt),
        ["processed_at"] = Time(order.CreatedAt),
        ["currency"] = order.Currency,
        ["presentment_currency"] = order.Currency,
        ["financial_status"] = order.Refunded >= order.Total && order.Refunded > 0 ? "refunded" : order.Refunded > 0 ? "partially_refunded" : "paid",
        ["test"] = order.Test,
        ["total_line_items_price"] = Money(order.Subtotal),
        ["subtotal_price"] = Money(order.Subtotal - order.TotalDiscounts),
        ["total_discounts"] = Money(order.TotalDiscounts),
        ["total_price"] = Money(order.Total),
        ["current_total_price"] = Money(order.Total - order.Refunded),
        ["discount_codes"] = new JsonArray(order.DiscountApplications.Where(a => a.Type == "discount_code").Select(a => (JsonNode)new JsonObject
        {
            ["code"] = a.Code,
            ["amount"] = Money(a.Amount),
            ["type"] = a.ValueType == "percentage" ? "percentage" : "fixed_amount",
        }).ToArray()),
        ["discount_applications"] = new JsonArray(order.DiscountApplications.Select(a =>
        {
            var app = new JsonObject
            {
                ["type"] = a.Type,
                ["value"] = Money(a.Value),
                ["value_type"] = a.ValueType,
                ["allocation_method"] = "across",
                ["target_selection"] = "all",
                ["target_type"] = "line_item",
            };
            if (a.Type == "discount_code")
            {
                app["code"] = a.Code;
            }
            else
            {
                app["title"] = a.Title;
                app["description"] = a.Title;
            }

            return (JsonNode)app;
        }).ToArray()),
        ["current_subtotal_price"] = Money(order.Subtotal - order.TotalDiscounts - order.Refunds.SelectMany(r => r.Lines ?? []).Sum(l => l.Subtotal)),
        ["total_shipping_price_set"] = Set(order.Shipping, order.Currency),
        ["shipping_lines"] = order.Shipping == 0
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["title"] = "Standard", ["price"] = Money(order.Shipping), ["price_set"] = Set(order.Shipping, order.Currency) }),
        ["total_tax"] = "0.00",
        ["cancelled_at"] = order.CancelledAt is { } cancelled ? Time(cancelled) : null,
        ["refunds"] = new JsonArray(order.Refunds.Select(r => (JsonNode)Refund(order, r)).ToArray()),
        ["line_items"] = new JsonArray(order.LineItems.Select((l, i) => (JsonNode)new JsonObject
        {
            ["id"] = order.LineId(i),
            ["product_id"] = 7000 + i + 1,
            ["title"] = l.Title,
            ["quantity"] = l.Quantity,
            ["price"] = Money(l.Price),
            ["sku"] = l.Sku,
            ["discount_allocations"] = new JsonArray(new JsonObject
            {
                ["amount"] = Money((l.Price - order.DiscountedUnitPrice(i)) * l.Quantity),
                ["discount_application_index"] = 0,
            }),
        }).ToArray()),
        ["customer"] = order.CustomerEmail is null ? null : new JsonObject { ["email"] = order.CustomerEmail },
    };

    public static JsonObject Refund(SimOrder order, SimRefund refund) => new()
    {
        ["id"] = refund.Id,
        ["admin_graphql_api_id"] = $"gid://shopify/Refund/{refund.Id}",
        ["order_id"] = order.Id,
        ["created_at"] = Time(refund.CreatedAt),
        ["processed_at"] = Time(refund.CreatedAt),
        ["note"] = refund.Note,
        ["refund_line_items"] = new JsonArray((refund.Lines ?? []).Select(l => (JsonNode)new JsonObject
        {
            ["line_item_id"] = l.LineItemId,
            ["quantity"] = l.Quantity,
            ["subtotal"] = Money(l.Subtotal),
            ["subtotal_set"] = Set(l.Subtotal, order.Currency),
        }).ToArray()),

        // Money refunded beyond (or short of) the refunded lines is an order adjustment, negative as Shopify writes it.
        ["order_adjustments"] = refund.Amount == (refund.Lines ?? []).Sum(l => l.Subtotal)
            ? new JsonArray()
            : new JsonArray(new JsonObject
            {
                ["kind"] = "refund_discrepancy",
                ["reason"] = "Refund discrepancy",
                ["amount"] = Money(-(refund.Amount - (refund.Lines ?? []).Sum(l => l.Subtotal))),
                ["tax_amount"] = "0.00",
            }),
        ["transactions"] = new JsonArray(new JsonObject
        {
            ["kind"] = "refund",
            ["status"] = "success",
            ["amount"] = Money(refund.Amount),
            ["currency"] = order.Currency,
        }),
    };

    private static JsonObject Set(decimal amount, string currency) => new()
    {
        ["shop_money"] = new JsonObject { ["amount"] = Money(amount), ["currency_code"] = currency },
        ["presentment_money"] = new JsonObject { ["amount"] = Money(amount), ["currency_code"] = currency },
    };

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
