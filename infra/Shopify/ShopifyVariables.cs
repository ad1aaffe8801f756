using System.Globalization;
using System.Text.Json.Nodes;

namespace PromoServerless.Infra.Shopify;

/// <summary>
/// Builds the variables of every document from the client's typed inputs. The contract tests validate the documents
/// with exactly these variables, so what is checked is what is sent.
/// </summary>
internal static class ShopifyVariables
{
    public const int MaxCodesPerBulkAdd = 250;
    public const int BulkCreationCodesPageSize = 250;

    public static JsonObject CreateDiscount(DiscountCodeSpec spec) => new()
    {
        ["basicCodeDiscount"] = DiscountInput(spec),
    };

    public static JsonObject UpdateDiscountDates(string discountId, DateTimeOffset startsAt, DateTimeOffset? endsAt) => new()
    {
        ["id"] = discountId,
        ["basicCodeDiscount"] = new JsonObject
        {
            ["startsAt"] = Timestamp(startsAt),
            ["endsAt"] = endsAt is { } end ? Timestamp(end) : null,
        },
    };

    public static JsonObject RenameSingleCode(string discountId, string newCode) => new()
    {
        ["id"] = discountId,
        ["basicCodeDiscount"] = new JsonObject { ["code"] = newCode },
    };

    public static JsonObject ById(string id) => new() { ["id"] = id };

    public static JsonObject ProductIds(IReadOnlyCollection<string> productIds) => new() { ["ids"] = new JsonArray(productIds.Select(id => (JsonNode)id).ToArray()) };

    public static JsonObject BulkAdd(string discountId, IReadOnlyCollection<string> codes)
    {
        if (codes.Count is 0 or > MaxCodesPerBulkAdd)
        {
            throw new ArgumentOutOfRangeException(nameof(codes), codes.Count, $"discountRedeemCodeBulkAdd takes 1 to {MaxCodesPerBulkAdd} codes per call.");
        }

        return new JsonObject
        {
            ["discountId"] = discountId,
            ["codes"] = new JsonArray(codes.Select(c => (JsonNode)new JsonObject { ["code"] = c }).ToArray()),
        };
    }

    public static JsonObject BulkCreationCodes(string bulkCreationId, string? after) => new()
    {
        ["id"] = bulkCreationId,
        ["first"] = BulkCreationCodesPageSize,
        ["after"] = after,
    };

    public static JsonObject CodeLookup(string code) => new() { ["code"] = code };

    public static JsonObject RedeemCodesByCode(string discountId, string code) => new()
    {
        ["id"] = discountId,
        ["query"] = $"code:{QuoteSearchValue(code)}",
        ["first"] = 5,
    };

    public static JsonObject DeleteRedeemCodes(string discountId, IReadOnlyCollection<string> redeemCodeIds)
    {
        if (redeemCodeIds.Count is 0 or > MaxCodesPerBulkAdd)
        {
            throw new ArgumentOutOfRangeException(nameof(redeemCodeIds), redeemCodeIds.Count, $"Delete 1 to {MaxCodesPerBulkAdd} codes per call.");
        }

        return new JsonObject
        {
            ["discountId"] = discountId,
            ["ids"] = new JsonArray(redeemCodeIds.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
        };
    }

    /// <summary>Orders updated at or after <paramref name="since"/>; codes are read from each order's discount applications.</summary>
    public static JsonObject OrdersUpdatedSince(DateTimeOffset since, int pageSize, string? after) => new()
    {
        ["query"] = $"updated_at:>='{Timestamp(since)}'",
        ["first"] = pageSize,
        ["after"] = after,
    };

    private static JsonObject DiscountInput(DiscountCodeSpec spec)
    {
        var input = new JsonObject
        {
            ["title"] = spec.Title,
            ["code"] = spec.Code,
            ["startsAt"] = Timestamp(spec.StartsAt),
            ["endsAt"] = spec.EndsAt is { } end ? Timestamp(end) : null,
            ["context"] = new JsonObject { ["all"] = "ALL" },
            ["customerGets"] = new JsonObject
            {
                ["value"] = Value(spec.Value),
                ["items"] = Items(spec.Items),
                ["appliesOnOneTimePurchase"] = spec.PurchaseType is PurchaseType.OneTime or PurchaseType.Both,
                ["appliesOnSubscription"] = spec.PurchaseType is PurchaseType.Subscription or PurchaseType.Both,
            },
            ["combinesWith"] = CombinesWith(spec.CombinesWith ?? new DiscountCombinations()),
            ["appliesOncePerCustomer"] = spec.AppliesOncePerCustomer,
            ["usageLimit"] = spec.UsageLimit,
        };

        if (spec.Minimum is not null)
        {
            input["minimumRequirement"] = Minimum(spec.Minimum);
        }

        return input;
    }

    private static JsonObject Value(DiscountValue value) => value switch
    {
        PercentageOff p when p.Percent is > 0 and <= 100 => new JsonObject { ["percentage"] = (double)(p.Percent / 100m) },
        PercentageOff p => throw new ArgumentOutOfRangeException(nameof(value), p.Percent, "A percentage off must be above 0 and at most 100."),
        FixedAmountOff f when f.Amount > 0 => new JsonObject
        {
            ["discountAmount"] = new JsonObject { ["amount"] = Decimal(f.Amount), ["appliesOnEachItem"] = f.AppliesOnEachItem },
        },
        FixedAmountOff f => throw new ArgumentOutOfRangeException(nameof(value), f.Amount, "A fixed amount off must be above 0."),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown discount value."),
    };

    private static JsonObject Items(DiscountItems items) => items switch
    {
        AllItems => new JsonObject { ["all"] = true },
        CollectionItems c => new JsonObject { ["collections"] = new JsonObject { ["add"] = Ids(c.CollectionIds) } },
        ProductItems p => new JsonObject
        {
            ["products"] = new JsonObject
            {
                ["productsToAdd"] = Ids(p.ProductIds),
                ["productVariantsToAdd"] = Ids(p.VariantIds ?? []),
            },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(items), items, "Unknown item selection."),
    };

    private static JsonObject Minimum(MinimumRequirement minimum) => minimum switch
    {
        MinimumSubtotal s => new JsonObject
        {
            ["subtotal"] = new JsonObject { ["greaterThanOrEqualToSubtotal"] = Decimal(s.Amount) },
        },
        MinimumQuantity q => new JsonObject
        {
            ["quantity"] = new JsonObject { ["greaterThanOrEqualToQuantity"] = q.Quantity.ToString(CultureInfo.InvariantCulture) },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "Unknown minimum requirement."),
    };

    private static JsonObject CombinesWith(DiscountCombinations c) => new()
    {
        ["orderDiscounts"] = c.OrderDiscounts,
        ["productDiscounts"] = c.ProductDiscounts,
        ["shippingDiscounts"] = c.ShippingDiscounts,
    };

    private static JsonArray Ids(IEnumerable<string> ids) => new(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());

    // Shopify's Decimal scalar travels as a string so no precision is lost in JSON numbers.
    private static string Decimal(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string QuoteSearchValue(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
