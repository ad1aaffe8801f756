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
        ["line_items"] = new JsonArray(order.LineItems.Select((l, i) => (JsonNode)new JsonObject
        {
            ["id"] = (order.Id * 100) + i + 1,
            ["title"] = l.Title,
            ["quantity"] = l.Quantity,
            ["price"] = Money(l.Price),
            ["sku"] = l.Sku,
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
        ["refund_line_items"] = new JsonArray(),
        ["transactions"] = new JsonArray(new JsonObject
        {
            ["kind"] = "refund",
            ["status"] = "success",
            ["amount"] = Money(refund.Amount),
            ["currency"] = order.Currency,
        }),
    };

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
