using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser.AST;

namespace PromoServerless.ShopifySimulator.GraphQL;

/// <summary>A top-level GraphQL error the simulator answers with (e.g. an input array above 250 items).</summary>
internal sealed class TopLevelGraphQLException(string message, string code) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// The root fields the simulator implements, with Shopify's semantics. Each runs under the shop's lock and returns
/// the simulated object the projector turns into JSON.
/// </summary>
internal static class RootFields
{
    private const int MaxInputArray = 250;

    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "discountCodeBasicCreate", "discountCodeBasicUpdate", "discountCodeActivate", "discountCodeDeactivate",
        "discountRedeemCodeBulkAdd", "discountCodeRedeemCodeBulkDelete",
        "codeDiscountNodeByCode", "codeDiscountNode", "discountRedeemCodeBulkCreation", "orders", "nodes",
    };

    public static object? Resolve(ShopState shop, ParsedRequest request, GraphQLField field)
    {
        var now = shop.Now;
        string? Str(string name) => request.Argument(field, name)?.ToString();
        return field.Name.StringValue switch
        {
            "discountCodeBasicCreate" => CreateDiscount(shop, request.Argument(field, "basicCodeDiscount") as JsonObject ?? [], now),
            "discountCodeBasicUpdate" => UpdateDiscount(shop, Str("id"), request.Argument(field, "basicCodeDiscount") as JsonObject ?? [], now),
            "discountCodeActivate" => SetActive(shop, Str("id"), active: true, now),
            "discountCodeDeactivate" => SetActive(shop, Str("id"), active: false, now),
            "discountRedeemCodeBulkAdd" => BulkAdd(shop, Str("discountId"), request.Argument(field, "codes") as JsonArray ?? [], now),
            "discountCodeRedeemCodeBulkDelete" => BulkDelete(shop, Str("discountId"), request.Argument(field, "ids") as JsonArray),
            "codeDiscountNodeByCode" => Str("code") is { } code && shop.CodeIndex.TryGetValue(code, out var redeem)
                ? SimGraph.DiscountNode(redeem.Discount, now)
                : null,
            "codeDiscountNode" => shop.FindDiscount(Str("id")) is { } d ? SimGraph.DiscountNode(d, now) : null,
            "discountRedeemCodeBulkCreation" => ShopState.TryParseGid(Str("id"), "DiscountRedeemCodeBulkCreation", out var jobId)
                                                && shop.BulkJobs.TryGetValue(jobId, out var job)
                ? SimGraph.BulkCreation(job, now)
                : null,
            "orders" => Orders(shop, request, field),
            "nodes" => Nodes(shop, request.Argument(field, "ids") as JsonArray ?? []),
            var other => throw new TopLevelGraphQLException($"The Shopify simulator does not implement '{other}'.", "NOT_SIMULATED"),
        };
    }

    private static SimObject CreateDiscount(ShopState shop, JsonObject input, DateTimeOffset now)
    {
        var errors = ValidateDiscountInput(input, creating: true);
        var code = input["code"]?.ToString() ?? string.Empty;
        if (errors.Count == 0 && shop.CodeIndex.ContainsKey(code))
        {
            errors.Add(new SimUserError("TAKEN", ["basicCodeDiscount", "code"], "Code must be unique. Please try a different code."));
        }

        if (errors.Count > 0)
        {
            return DiscountPayload("DiscountCodeBasicCreatePayload", null, errors, now);
        }

        var discount = new SimDiscount
        {
            Id = shop.NextId(),
            Title = input["title"]!.ToString(),
            StartsAt = Date(input["startsAt"])!.Value,
            Input = (JsonObject)input.DeepClone(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        ApplyDiscountFields(discount, input);
        shop.Discounts.Add(discount);
        shop.AddCode(discount, code);
        return DiscountPayload("DiscountCodeBasicCreatePayload", discount, errors, now);
    }

    private static SimObject UpdateDiscount(ShopState shop, string? id, JsonObject input, DateTimeOffset now)
    {
        var discount = shop.FindDiscount(id);
        if (discount is null)
        {
            return DiscountPayload("DiscountCodeBasicUpdatePayload", null, [new SimUserError("INVALID", ["id"], "Discount does not exist")], now);
        }

        var errors = ValidateDiscountInput(input, creating: false);
        var starts = input.ContainsKey("startsAt") ? Date(input["startsAt"]) ?? discount.StartsAt : discount.StartsAt;
        var ends = input.ContainsKey("endsAt") ? Date(input["endsAt"]) : discount.EndsAt;
        if (ends is { } end && end < starts)
        {
            errors.Add(new SimUserError("END_DATE_BEFORE_START_DATE", ["basicCodeDiscount", "endsAt"], "Ends at needs to be after starts_at"));
        }

        if (input["code"]?.ToString() is { } newCode && errors.Count == 0)
        {
            if (discount.Codes.Count > 1)
            {
                errors.Add(new SimUserError("INVALID", ["basicCodeDiscount", "code"], "Code cannot be updated on a discount with more than one code."));
            }
            else if (shop.CodeIndex.TryGetValue(newCode, out var owner) && owner.Discount != discount)
            {
                errors.Add(new SimUserError("TAKEN", ["basicCodeDiscount", "code"], "Code must be unique. Please try a different code."));
            }
        }

        if (errors.Count > 0)
        {
            return DiscountPayload("DiscountCodeBasicUpdatePayload", null, errors, now);
        }

        if (input["code"]?.ToString() is { } renamed)
        {
            if (discount.Codes.FirstOrDefault() is { } existing)
            {
                shop.RemoveCode(existing);
            }

            shop.AddCode(discount, renamed);
        }

        if (input["title"]?.ToString() is { } title)
        {
            discount.Title = title;
        }

        discount.StartsAt = starts;
        discount.EndsAt = ends;
        ApplyDiscountFields(discount, input);
        foreach (var (key, value) in input)
        {
            discount.Input[key] = value?.DeepClone();
        }

        discount.UpdatedAt = now;
        return DiscountPayload("DiscountCodeBasicUpdatePayload", discount, [], now);
    }

    private static SimObject SetActive(ShopState shop, string? id, bool active, DateTimeOffset now)
    {
        var typeName = active ? "DiscountCodeActivatePayload" : "DiscountCodeDeactivatePayload";
        var discount = shop.FindDiscount(id);
        if (discount is null)
        {
            return DiscountPayload(typeName, null, [new SimUserError("INVALID", ["id"], "Discount does not exist")], now);
        }

        if (active)
        {
            if (discount.EndsAt is { } end && end <= now)
            {
                discount.EndsAt = null;
            }

            if (discount.StartsAt > now)
            {
                discount.StartsAt = now;
            }
        }
        else if (discount.StatusAt(now) != SimDiscountStatus.Expired)
        {
            discount.EndsAt = now;
            if (discount.StartsAt > now)
            {
                discount.StartsAt = now;
            }
        }

        discount.UpdatedAt = now;
        return DiscountPayload(typeName, discount, [], now);
    }

    private static SimObject BulkAdd(ShopState shop, string? discountId, JsonArray codes, DateTimeOffset now)
    {
        if (codes.Count > MaxInputArray)
        {
            throw new TopLevelGraphQLException($"The input array size of {codes.Count} is greater than the maximum allowed of {MaxInputArray}.", "MAX_INPUT_SIZE_EXCEEDED");
        }

        var discount = shop.FindDiscount(discountId);
        List<SimUserError> errors = discount is null
            ? [new SimUserError("INVALID", ["discountId"], "Discount does not exist")]
            : codes.Count == 0 ? [new SimUserError("BLANK", ["codes"], "Codes can't be blank")] : [];
        if (errors.Count > 0)
        {
            return SimGraph.Payload("DiscountRedeemCodeBulkAddPayload", ("bulkCreation", null), ("userErrors", errors.Select(SimGraph.UserError).ToArray()));
        }

        var job = shop.QueueBulkJob(discount!, codes.Select(c => c?["code"]?.ToString() ?? string.Empty).ToArray());
        return SimGraph.Payload("DiscountRedeemCodeBulkAddPayload", ("bulkCreation", SimGraph.BulkCreation(job, now)), ("userErrors", Array.Empty<SimObject>()));
    }

    private static SimObject BulkDelete(ShopState shop, string? discountId, JsonArray? ids)
    {
        var discount = shop.FindDiscount(discountId);
        List<SimUserError> errors = discount is null
            ? [new SimUserError("INVALID", ["discountId"], "Discount does not exist")]
            : ids is null || ids.Count == 0 ? [new SimUserError("MISSING_ARGUMENT", ["ids"], "Ids, search or saved search id is required")] : [];
        if (ids?.Count > MaxInputArray)
        {
            throw new TopLevelGraphQLException($"The input array size of {ids.Count} is greater than the maximum allowed of {MaxInputArray}.", "MAX_INPUT_SIZE_EXCEEDED");
        }

        if (errors.Count > 0)
        {
            return SimGraph.Payload("DiscountCodeRedeemCodeBulkDeletePayload", ("job", null), ("userErrors", errors.Select(SimGraph.UserError).ToArray()));
        }

        var wanted = ids!.Select(i => i?.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var code in discount!.Codes.Where(c => wanted.Contains(c.Gid)).ToArray())
        {
            shop.RemoveCode(code);
        }

        // Shopify answers with a job still running; the simulator deletes at once, so a later read already sees the codes gone.
        var job = new SimObject("Job") { ["id"] = $"gid://shopify/Job/{Guid.NewGuid()}", ["done"] = false };
        return SimGraph.Payload("DiscountCodeRedeemCodeBulkDeletePayload", ("job", job), ("userErrors", Array.Empty<SimObject>()));
    }

    /// <summary>Products by GID (the only node type the simulator answers here); any other id is null, as for a missing node.</summary>
    private static SimObject?[] Nodes(ShopState shop, JsonArray ids)
    {
        if (ids.Count > MaxInputArray)
        {
            throw new TopLevelGraphQLException($"The input array size of {ids.Count} is greater than the maximum allowed of {MaxInputArray}.", "MAX_INPUT_SIZE_EXCEEDED");
        }

        return ids.Select(id => ShopState.TryParseGid(id?.ToString(), "Product", out var productId) ? SimGraph.Product(shop, productId) : null).ToArray();
    }

    private static SimObject Orders(ShopState shop, ParsedRequest request, GraphQLField field)
    {
        IEnumerable<SimOrder> orders = shop.Orders;
        var query = request.Argument(field, "query")?.ToString() ?? string.Empty;
        foreach (var term in query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            orders = ApplySearchTerm(orders, term);
        }

        var sortKey = request.Argument(field, "sortKey")?.ToString() ?? "PROCESSED_AT";
        orders = sortKey switch
        {
            "UPDATED_AT" => orders.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id),
            "ID" => orders.OrderBy(o => o.Id),
            _ => orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id),
        };
        if (request.Argument(field, "reverse")?.GetValue<bool>() == true)
        {
            orders = orders.Reverse();
        }

        return SimGraph.Connection(request, field, orders.Select(SimGraph.Order).ToArray());
    }

    /// <summary>The search terms reconciliation uses: <c>updated_at</c>/<c>created_at</c> comparisons and <c>discount_code</c> (first code only, as in Shopify).</summary>
    private static IEnumerable<SimOrder> ApplySearchTerm(IEnumerable<SimOrder> orders, string term)
    {
        var colon = term.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return orders;
        }

        var name = term[..colon];
        var value = term[(colon + 1)..];
        if (name == "discount_code")
        {
            var code = value.Trim('\'', '"');
            return orders.Where(o => string.Equals(o.RedeemedCodes.FirstOrDefault(), code, StringComparison.OrdinalIgnoreCase));
        }

        if (name is not ("updated_at" or "created_at"))
        {
            return orders;
        }

        var op = value.StartsWith(">=", StringComparison.Ordinal) || value.StartsWith("<=", StringComparison.Ordinal) ? value[..2]
            : value.StartsWith('>') || value.StartsWith('<') ? value[..1]
            : "=";
        var at = DateTimeOffset.Parse(value[(op == "=" ? 0 : op.Length)..].Trim('\'', '"'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Func<SimOrder, DateTimeOffset> pick = name == "updated_at" ? o => o.UpdatedAt : o => o.CreatedAt;
        return op switch
        {
            ">=" => orders.Where(o => pick(o) >= at),
            ">" => orders.Where(o => pick(o) > at),
            "<=" => orders.Where(o => pick(o) <= at),
            "<" => orders.Where(o => pick(o) < at),
            _ => orders.Where(o => pick(o) == at),
        };
    }

    private static List<SimUserError> ValidateDiscountInput(JsonObject input, bool creating)
    {
        var errors = new List<SimUserError>();
        string[] F(params string[] path) => ["basicCodeDiscount", .. path];
        if (creating)
        {
            if (string.IsNullOrWhiteSpace(input["title"]?.ToString()))
            {
                errors.Add(new SimUserError("BLANK", F("title"), "Title can't be blank"));
            }

            if (ShopState.CheckCodeFormat(input["code"]?.ToString() ?? string.Empty, F("code")) is { } codeError)
            {
                errors.Add(codeError);
            }

            if (input["startsAt"] is null)
            {
                errors.Add(new SimUserError("BLANK", F("startsAt"), "Starts at can't be blank"));
            }

            if (input["customerGets"] is null)
            {
                errors.Add(new SimUserError("BLANK", F("customerGets"), "Customer gets can't be blank"));
            }

            if (input["context"] is null)
            {
                errors.Add(new SimUserError("BLANK", F("context"), "Context can't be blank"));
            }
        }
        else if (input["code"]?.ToString() is { } code && ShopState.CheckCodeFormat(code, F("code")) is { } codeError)
        {
            errors.Add(codeError);
        }

        if (input.ContainsKey("startsAt") && input.ContainsKey("endsAt") && Date(input["startsAt"]) is { } s && Date(input["endsAt"]) is { } e && e < s)
        {
            errors.Add(new SimUserError("END_DATE_BEFORE_START_DATE", F("endsAt"), "Ends at needs to be after starts_at"));
        }

        if (input["customerGets"] is JsonObject gets)
        {
            if (gets["value"]?["percentage"] is JsonValue percentage && percentage.GetValue<double>() is <= 0 or > 1)
            {
                errors.Add(new SimUserError("VALUE_OUTSIDE_RANGE", F("customerGets", "value", "percentage"), "Value must be between 0.0 and 1.0"));
            }

            var value = gets["value"] as JsonObject;
            if (creating && (value is null || value.Count(kv => kv.Value is not null) != 1))
            {
                errors.Add(new SimUserError("INVALID", F("customerGets", "value"), "Exactly one discount value is required"));
            }

            if (gets["appliesOnOneTimePurchase"]?.GetValue<bool>() == false && gets["appliesOnSubscription"]?.GetValue<bool>() == false)
            {
                errors.Add(new SimUserError("APPLIES_ON_NOTHING", F("customerGets"), "A discount cannot have both appliesOnOneTimePurchase and appliesOnSubscription set to false."));
            }
        }

        if (input["minimumRequirement"] is JsonObject minimum && minimum["subtotal"] is not null && minimum["quantity"] is not null)
        {
            errors.Add(new SimUserError("MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT", F("minimumRequirement"), "Minimum subtotal and quantity cannot both be set"));
        }

        if (input["usageLimit"] is JsonValue limit && limit.GetValue<long>() < 1)
        {
            errors.Add(new SimUserError("GREATER_THAN", F("usageLimit"), "Usage limit must be greater than 0"));
        }

        return errors;
    }

    private static void ApplyDiscountFields(SimDiscount discount, JsonObject input)
    {
        if (input.ContainsKey("endsAt"))
        {
            discount.EndsAt = Date(input["endsAt"]);
        }

        if (input.ContainsKey("usageLimit"))
        {
            discount.UsageLimit = input["usageLimit"] is JsonValue v ? (int)v.GetValue<long>() : null;
        }

        if (input["appliesOncePerCustomer"] is JsonValue once)
        {
            discount.AppliesOncePerCustomer = once.GetValue<bool>();
        }

        if (input["customerGets"]?["value"] is JsonObject value)
        {
            discount.Percentage = value["percentage"] is JsonValue p ? p.GetValue<double>() : null;
            discount.FixedAmount = value["discountAmount"]?["amount"] is JsonValue a
                ? decimal.Parse(a.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture)
                : null;
        }
    }

    private static SimObject DiscountPayload(string typeName, SimDiscount? discount, IReadOnlyList<SimUserError> errors, DateTimeOffset now) =>
        SimGraph.Payload(
            typeName,
            ("codeDiscountNode", discount is null ? null : SimGraph.DiscountNode(discount, now)),
            ("userErrors", errors.Select(SimGraph.UserError).ToArray()));

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? DateTimeOffset.Parse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
}
