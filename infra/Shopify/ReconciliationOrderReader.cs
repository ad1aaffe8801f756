using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Infra.Shopify;

public static partial class GraphQLDocuments
{
    public const string OrdersForReconciliation = nameof(OrdersForReconciliation);
}

/// <summary>
/// Reads a shop's recently updated orders through the Admin API, as sales tracking needs them to repair missed
/// webhooks: every order that carries discount codes, with its lines and refunds. The <c>discount_code:</c> search
/// filter matches only an order's first code, so it is not used; each order's own codes are read instead.
/// </summary>
public sealed class ReconciliationOrderReader
{
    // Few orders per page, as each brings its lines and refunds: a page stays under Shopify's 1,000-point query cost.
    private const int PageSize = 3;
    private readonly ShopifyGraphQLTransport _transport;

    internal ReconciliationOrderReader(ShopifyGraphQLTransport transport) => _transport = transport;

    public async IAsyncEnumerable<OrderPayload> ReadUpdatedSinceAsync(ShopifyShop shop, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var data = await _transport.SendAsync(
                shop,
                new GraphQLRequest(GraphQLDocuments.OrdersForReconciliation, ShopifyVariables.OrdersUpdatedSince(since, PageSize, after), IsMutation: false),
                cancellationToken);
            var connection = data["orders"];
            foreach (var node in connection?["nodes"] as JsonArray ?? [])
            {
                if (Read(node) is { Order.RedeemedCodes.Count: > 0 } order)
                {
                    yield return order;
                }
            }

            after = connection?["pageInfo"].Bool("hasNextPage") == true ? connection["pageInfo"].Str("endCursor") : null;
        }
        while (after is not null);
    }

    /// <summary>An order node read the way <see cref="OrderPayloadReader"/> reads the webhook body of the same order.</summary>
    internal static OrderPayload? Read(JsonNode? node)
    {
        if (node is null || node.Bool("test") == true)
        {
            return null;
        }

        var currency = node.Str("currencyCode") ?? "USD";
        Money Shop(JsonNode? set) => new(set?["shopMoney"].Dec("amount") ?? 0m, currency);
        var orderId = NumericId(node.Str("id")!);
        var refunds = (node["refunds"] as JsonArray ?? []).Select(r => new OrderRefund(
            NumericId(r.Str("id")!),
            orderId,
            (r?["refundLineItems"]?["nodes"] as JsonArray ?? []).Select(l => new RefundedLine(NumericId(l?["lineItem"].Str("id") ?? "0"), l.Int("quantity") ?? 0, Shop(l?["subtotalSet"]))).ToArray(),
            Money.Zero(currency),
            r.Date("createdAt") ?? DateTimeOffset.UnixEpoch)).ToArray();
        var codes = (node["discountApplications"]?["nodes"] as JsonArray ?? [])
            .Where(a => a.Str("__typename") == "DiscountCodeApplication")
            .Select(a => a.Str("code"))
            .OfType<string>()
            .ToArray();
        var lines = (node["lineItems"]?["nodes"] as JsonArray ?? []).Select(l => new OrderLine(
            NumericId(l.Str("id")!),
            l?["product"].Str("id") is { } product ? NumericId(product) : null,
            [],
            l.Int("quantity") ?? 1,
            Shop(l?["discountedTotalSet"]))).ToArray();

        // As in the webhook body, the current subtotal has the refunded lines taken off; they come back as refunds.
        var subtotal = Shop(node["currentSubtotalPriceSet"]) + refunds.SelectMany(r => r.Lines).Aggregate(Money.Zero(currency), (sum, l) => sum + l.Subtotal);
        var order = new ShopOrder(
            orderId,
            currency,
            node.Str("email"),
            subtotal,
            Shop(node["totalShippingPriceSet"]),
            Shop(node["currentTotalTaxSet"]),
            lines,
            codes.Length > 0 ? codes : (node["discountCodes"] as JsonArray ?? []).Select(c => c?.ToString()).OfType<string>().ToArray(),
            node.Date("processedAt") ?? DateTimeOffset.UnixEpoch,
            node.Date("cancelledAt") is not null);
        var paid = node.Str("displayFinancialStatus") is "PAID" or "PARTIALLY_PAID" or "PARTIALLY_REFUNDED" or "REFUNDED";
        return new OrderPayload(order, paid, refunds);
    }

    /// <summary>The number at the end of a global id (<c>gid://shopify/Order/123</c> → 123), the id webhooks carry.</summary>
    internal static string NumericId(string gid) => gid[(gid.LastIndexOf('/') + 1)..];
}
