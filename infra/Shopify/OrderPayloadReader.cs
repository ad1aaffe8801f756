using System.Globalization;
using System.Text.Json;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Infra.Shopify;

/// <summary>An order webhook's body as sales tracking reads it: the order, whether it is paid, and the refunds it already lists.</summary>
public sealed record OrderPayload(ShopOrder Order, bool Paid, IReadOnlyList<OrderRefund> Refunds);

/// <summary>
/// Reads Shopify's REST-shaped webhook bodies (<c>orders/*</c>, <c>refunds/create</c>) into the sales domain, in shop
/// money (the <c>shop_money</c> of a money set when present, else the plain amount, which is in shop currency).
/// </summary>
public static class OrderPayloadReader
{
    private static readonly string[] PaidStatuses = ["paid", "partially_paid", "partially_refunded", "refunded"];

    public static OrderPayload ReadOrder(JsonElement order)
    {
        var currency = Text(order, "currency") ?? "USD";
        var orderId = Id(order, "id");
        var refunds = order.TryGetProperty("refunds", out var listed) && listed.ValueKind == JsonValueKind.Array
            ? listed.EnumerateArray().Select(r => ReadRefund(r, currency, orderId)).ToArray()
            : [];

        // current_subtotal_price already has the listed refunds taken off; they are added back here and applied as
        // refunds (once each, by id), so a refund counts the same whichever payload brought it.
        var refundedLines = refunds.SelectMany(r => r.Lines).Sum(l => l.Subtotal.Amount);
        var subtotal = Amount(order, "current_subtotal_price") is { } current
            ? current + refundedLines
            : Amount(order, "subtotal_price") ?? 0m;
        var shipping = Amount(order, "total_shipping_price") ?? Lines(order, "shipping_lines").Sum(l => Amount(l, "price") ?? 0m);
        var taxes = Amount(order, "current_total_tax") ?? Amount(order, "total_tax") ?? 0m;
        var lines = Lines(order, "line_items").Select(l => new OrderLine(
            Id(l, "id"),
            l.TryGetProperty("product_id", out var product) && product.ValueKind != JsonValueKind.Null ? product.ToString() : null,
            [],
            l.TryGetProperty("quantity", out var quantity) && quantity.TryGetInt32(out var q) ? q : 1,
            new Money(((Amount(l, "price") ?? 0m) * (l.TryGetProperty("quantity", out var qq) && qq.TryGetInt32(out var n) ? n : 1))
                - Lines(l, "discount_allocations").Sum(a => Amount(a, "amount") ?? 0m), currency))).ToArray();
        var placedAt = Time(order, "processed_at") ?? Time(order, "created_at") ?? DateTimeOffset.UnixEpoch;
        var email = Text(order, "email") ?? (order.TryGetProperty("customer", out var customer) && customer.ValueKind == JsonValueKind.Object ? Text(customer, "email") : null) ?? Text(order, "contact_email");
        var shopOrder = new ShopOrder(
            orderId,
            currency,
            string.IsNullOrWhiteSpace(email) ? null : email,
            new Money(subtotal, currency),
            new Money(shipping, currency),
            new Money(taxes, currency),
            lines,
            RedeemedCodes(order),
            placedAt,
            Time(order, "cancelled_at") is not null);
        var paid = PaidStatuses.Contains(Text(order, "financial_status"));
        return new OrderPayload(shopOrder, paid, refunds);
    }

    public static OrderRefund ReadRefund(JsonElement refund, string currency, string? orderId = null)
    {
        var lines = Lines(refund, "refund_line_items").Select(l => new RefundedLine(
            Id(l, "line_item_id"),
            l.TryGetProperty("quantity", out var quantity) && quantity.TryGetInt32(out var q) ? q : 0,
            new Money(Amount(l, "subtotal") ?? 0m, currency))).ToArray();

        // Order adjustments record what was refunded beyond (negative) or short of (positive) the lines; refunded shipping is not part of the sale.
        var adjustments = -Lines(refund, "order_adjustments").Where(a => Text(a, "kind") != "shipping_refund").Sum(a => Amount(a, "amount") ?? 0m);
        return new OrderRefund(
            Id(refund, "id"),
            orderId ?? Id(refund, "order_id"),
            lines,
            new Money(adjustments, currency),
            Time(refund, "processed_at") ?? Time(refund, "created_at") ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>
    /// The codes the buyer redeemed, in the order applied: <c>discount_applications</c> of type <c>discount_code</c>
    /// (manual and automatic discounts are not codes); older payloads without it fall back to <c>discount_codes</c>.
    /// </summary>
    public static IReadOnlyList<string> RedeemedCodes(JsonElement order)
    {
        if (order.TryGetProperty("discount_applications", out var applications) && applications.ValueKind == JsonValueKind.Array)
        {
            return applications.EnumerateArray()
                .Where(a => Text(a, "type") == "discount_code" && Text(a, "code") is { Length: > 0 })
                .Select(a => Text(a, "code")!)
                .ToArray();
        }

        return Lines(order, "discount_codes").Select(c => Text(c, "code")).OfType<string>().Where(c => c.Length > 0).ToArray();
    }

    private static JsonElement[] Lines(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : [];

    private static string Id(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? id.ToString()
            : throw new JsonException($"The payload has no {name}.");

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    /// <summary>An amount in shop money: <c>{name}_set.shop_money.amount</c> when present, else <c>{name}</c>.</summary>
    private static decimal? Amount(JsonElement parent, string name)
    {
        if (parent.TryGetProperty(name + "_set", out var set) && set.ValueKind == JsonValueKind.Object
            && set.TryGetProperty("shop_money", out var shop) && shop.ValueKind == JsonValueKind.Object && Number(shop, "amount") is { } shopAmount)
        {
            return shopAmount;
        }

        return Number(parent, name);
    }

    private static decimal? Number(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
