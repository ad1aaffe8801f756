using System.Globalization;
using System.Text.Json.Nodes;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>Builds the simulated graph's objects (discounts, codes, jobs, orders) in the shapes Shopify returns.</summary>
internal static class SimGraph
{
    public static SimObject DiscountNode(SimDiscount d, DateTimeOffset now) => new("DiscountCodeNode", "Node")
    {
        ["id"] = d.Gid,
        ["codeDiscount"] = new SimObject("DiscountCodeBasic")
        {
            ["title"] = d.Title,
            ["status"] = d.StatusAt(now).ToString().ToUpperInvariant(),
            ["startsAt"] = d.StartsAt,
            ["endsAt"] = d.EndsAt,
            ["usageLimit"] = d.UsageLimit,
            ["appliesOncePerCustomer"] = d.AppliesOncePerCustomer,
            ["asyncUsageCount"] = d.Codes.Sum(c => c.UsageCount),
            ["createdAt"] = d.CreatedAt,
            ["updatedAt"] = d.UpdatedAt,
            ["codesCount"] = new SimObject("Count") { ["count"] = d.Codes.Count, ["precision"] = "EXACT" },
            ["codes"] = (FieldResolver)((request, field) =>
            {
                var query = request.Argument(field, "query")?.ToString();
                var codes = d.Codes.Where(c => MatchesCodeSearch(c.Code, query)).Select(RedeemCode).ToArray();
                return Connection(request, field, codes);
            }),
        },
    };

    public static SimObject RedeemCode(SimRedeemCode c) => new("DiscountRedeemCode")
    {
        ["id"] = c.Gid,
        ["code"] = c.Code,
        ["asyncUsageCount"] = c.UsageCount,
    };

    public static SimObject BulkCreation(SimBulkJob job, DateTimeOffset now) => new("DiscountRedeemCodeBulkCreation", "Node")
    {
        ["id"] = job.Gid,
        ["done"] = job.Done,
        ["codesCount"] = job.Codes.Count,
        ["importedCount"] = job.Done ? job.Codes.Count(c => c.Errors.Count == 0) : 0,
        ["failedCount"] = job.Done ? job.Codes.Count(c => c.Errors.Count > 0) : 0,
        ["createdAt"] = job.CreatedAt,
        ["discountCode"] = DiscountNode(job.Discount, now),
        ["codes"] = (FieldResolver)((request, field) => Connection(
            request,
            field,
            job.Codes.Select(c => new SimObject("DiscountRedeemCodeBulkCreationCode")
            {
                ["code"] = c.Code,
                ["errors"] = c.Errors.Select(UserError).ToArray(),
                ["discountRedeemCode"] = c.Created is null ? null : RedeemCode(c.Created),
            }).ToArray())),
    };

    public static SimObject UserError(SimUserError e) => new("DiscountUserError", "DisplayableError")
    {
        ["code"] = e.Code,
        ["field"] = e.Field.Count == 0 ? null : e.Field.ToArray(),
        ["message"] = e.Message,
        ["extraInfo"] = null,
    };

    public static SimObject Payload(string typeName, params (string Field, object? Value)[] fields)
    {
        var payload = new SimObject(typeName);
        foreach (var (field, value) in fields)
        {
            payload[field] = value;
        }

        return payload;
    }

    public static SimObject Order(SimOrder o)
    {
        SimObject Bag(decimal amount) => new("MoneyBag")
        {
            ["shopMoney"] = new SimObject("MoneyV2") { ["amount"] = amount, ["currencyCode"] = o.Currency },
            ["presentmentMoney"] = new SimObject("MoneyV2") { ["amount"] = amount, ["currencyCode"] = o.Currency },
        };

        var applications = o.DiscountApplications.Select((a, index) =>
        {
            var typeName = a.Type switch
            {
                "discount_code" => "DiscountCodeApplication",
                "automatic" => "AutomaticDiscountApplication",
                _ => "ManualDiscountApplication",
            };
            var app = new SimObject(typeName, "DiscountApplication")
            {
                ["index"] = index,
                ["allocationMethod"] = "ACROSS",
                ["targetSelection"] = "ALL",
                ["targetType"] = "LINE_ITEM",
            };
            if (a.Code is not null)
            {
                app["code"] = a.Code;
            }
            else
            {
                app["title"] = a.Title;
            }

            return app;
        }).ToArray();

        return new SimObject("Order", "Node")
        {
            ["id"] = o.Gid,
            ["name"] = o.Name,
            ["createdAt"] = o.CreatedAt,
            ["processedAt"] = o.CreatedAt,
            ["updatedAt"] = o.UpdatedAt,
            ["cancelledAt"] = o.CancelledAt,
            ["displayFinancialStatus"] = o.Refunded >= o.Total && o.Refunded > 0 ? "REFUNDED" : o.Refunded > 0 ? "PARTIALLY_REFUNDED" : "PAID",
            ["totalShippingPriceSet"] = Bag(o.Shipping),
            ["currentTotalTaxSet"] = Bag(0m),
            ["lineItems"] = (FieldResolver)((request, field) => Connection(request, field, o.LineItems.Select((l, i) => new SimObject("LineItem", "Node")
            {
                ["id"] = $"gid://shopify/LineItem/{o.LineId(i)}",
                ["quantity"] = l.Quantity,
                ["product"] = new SimObject("Product", "Node") { ["id"] = $"gid://shopify/Product/{7000 + i + 1}" },
                ["discountedTotalSet"] = Bag(o.DiscountedUnitPrice(i) * l.Quantity),
            }).ToArray())),
            ["refunds"] = o.Refunds.Select(r => new SimObject("Refund", "Node")
            {
                ["id"] = $"gid://shopify/Refund/{r.Id}",
                ["createdAt"] = r.CreatedAt,
                ["refundLineItems"] = (FieldResolver)((request, field) => Connection(request, field, (r.Lines ?? []).Select(l => new SimObject("RefundLineItem")
                {
                    ["quantity"] = l.Quantity,
                    ["lineItem"] = new SimObject("LineItem", "Node") { ["id"] = $"gid://shopify/LineItem/{l.LineItemId}" },
                    ["subtotalSet"] = Bag(l.Subtotal),
                }).ToArray())),
            }).ToArray(),
            ["test"] = o.Test,
            ["currencyCode"] = o.Currency,
            ["email"] = o.CustomerEmail,
            ["discountCode"] = o.RedeemedCodes.FirstOrDefault(),
            ["discountCodes"] = o.RedeemedCodes.ToArray(),
            ["currentSubtotalPriceSet"] = Bag(o.Subtotal - o.TotalDiscounts - o.Refunds.SelectMany(r => r.Lines ?? []).Sum(l => l.Subtotal)),
            ["subtotalPriceSet"] = Bag(o.Subtotal - o.TotalDiscounts),
            ["currentTotalPriceSet"] = Bag(o.Total - o.Refunded),
            ["totalPriceSet"] = Bag(o.Total),
            ["totalDiscountsSet"] = Bag(o.TotalDiscounts),
            ["totalRefundedSet"] = Bag(o.Refunded),
            ["discountApplications"] = (FieldResolver)((request, field) => Connection(request, field, applications)),
        };
    }

    /// <summary>A product by its numeric id, with the collections the control API assigned it.</summary>
    public static SimObject Product(ShopState shop, long productId)
    {
        var collections = shop.ProductCollections.GetValueOrDefault(productId) ?? [];
        return new SimObject("Product", "Node")
        {
            ["id"] = $"gid://shopify/Product/{productId}",
            ["collections"] = (FieldResolver)((request, field) => Connection(request, field, collections
                .Select(c => new SimObject("Collection", "Node") { ["id"] = $"gid://shopify/Collection/{c}" })
                .ToArray())),
        };
    }

    /// <summary>A Relay connection over <paramref name="items"/>, paged by <c>first</c>/<c>after</c> with offset cursors.</summary>
    public static SimObject Connection(ParsedRequest request, GraphQLField field, IReadOnlyList<SimObject> items)
    {
        var first = (int?)request.Argument(field, "first")?.GetValue<long>() ?? items.Count;
        var start = request.Argument(field, "after")?.ToString() is { } after && int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : 0;
        var page = items.Skip(start).Take(first).ToArray();
        var edges = page.Select((node, i) => new SimObject("Edge") { ["node"] = node, ["cursor"] = Cursor(start + i + 1) }).ToArray();
        return new SimObject("Connection")
        {
            ["nodes"] = page,
            ["edges"] = edges,
            ["pageInfo"] = new SimObject("PageInfo")
            {
                ["hasNextPage"] = start + page.Length < items.Count,
                ["hasPreviousPage"] = start > 0,
                ["startCursor"] = page.Length == 0 ? null : Cursor(start + 1),
                ["endCursor"] = page.Length == 0 ? null : Cursor(start + page.Length),
            },
        };
    }

    private static string Cursor(int position) => position.ToString(CultureInfo.InvariantCulture);

    private static bool MatchesCodeSearch(string code, string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return true;
        }

        var wanted = query.Trim();
        if (wanted.StartsWith("code:", StringComparison.OrdinalIgnoreCase))
        {
            wanted = wanted[5..].Trim().Trim('"', '\'').Replace("\\\"", "\"", StringComparison.Ordinal);
        }

        return string.Equals(code, wanted, StringComparison.OrdinalIgnoreCase);
    }

    public static JsonObject? AsObject(JsonNode? node) => node as JsonObject;
}
