using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Shopify;

internal sealed class ShopifyAdminClient(
    ShopifyGraphQLTransport transport,
    IOptions<ShopifyOptions> options,
    TimeProvider time,
    ILogger<ShopifyAdminClient> logger) : IShopifyAdminClient
{
    private readonly ShopifyOptions _options = options.Value;

    public Task<ShopifyResult<CodeDiscount>> CreateDiscountAsync(
        ShopifyShop shop, DiscountCodeSpec spec, MutationOutcomeCheck<CodeDiscount>? outcomeCheck = null, CancellationToken cancellationToken = default)
    {
        var request = new GraphQLRequest(GraphQLDocuments.DiscountCodeBasicCreate, ShopifyVariables.CreateDiscount(spec), IsMutation: true);
        outcomeCheck ??= async ct =>
        {
            var found = await FindDiscountByCodeAsync(shop, spec.Code, ct);
            return found is not null && string.Equals(found.Title, spec.Title, StringComparison.Ordinal) ? found : null;
        };
        return MutateAsync(shop, request, data => ParseDiscountPayload(data["discountCodeBasicCreate"]), outcomeCheck, cancellationToken);
    }

    public Task<ShopifyResult<CodeDiscount>> UpdateDiscountDatesAsync(
        ShopifyShop shop, string discountId, DateTimeOffset startsAt, DateTimeOffset? endsAt, CancellationToken cancellationToken = default)
    {
        var request = new GraphQLRequest(GraphQLDocuments.DiscountCodeBasicUpdate, ShopifyVariables.UpdateDiscountDates(discountId, startsAt, endsAt), IsMutation: true);
        return MutateAsync(
            shop,
            request,
            data => ParseDiscountPayload(data["discountCodeBasicUpdate"]),
            async ct =>
            {
                var current = await GetDiscountAsync(shop, discountId, ct);
                return current is not null && SameSecond(current.StartsAt, startsAt) && SameSecond(current.EndsAt, endsAt) ? current : null;
            },
            cancellationToken);
    }

    public Task<ShopifyResult<CodeDiscount>> ActivateDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default) =>
        MutateAsync(
            shop,
            new GraphQLRequest(GraphQLDocuments.DiscountCodeActivate, ShopifyVariables.ById(discountId), IsMutation: true),
            data => ParseDiscountPayload(data["discountCodeActivate"]),
            async ct => await GetDiscountAsync(shop, discountId, ct) is { Status: not DiscountStatus.Expired } d ? d : null,
            cancellationToken);

    public Task<ShopifyResult<CodeDiscount>> DeactivateDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default) =>
        MutateAsync(
            shop,
            new GraphQLRequest(GraphQLDocuments.DiscountCodeDeactivate, ShopifyVariables.ById(discountId), IsMutation: true),
            data => ParseDiscountPayload(data["discountCodeDeactivate"]),
            async ct => await GetDiscountAsync(shop, discountId, ct) is { Status: DiscountStatus.Expired } d ? d : null,
            cancellationToken);

    public async Task<CodeDiscount?> FindDiscountByCodeAsync(ShopifyShop shop, string code, CancellationToken cancellationToken = default)
    {
        var data = await transport.SendAsync(
            shop, new GraphQLRequest(GraphQLDocuments.CodeDiscountNodeByCode, ShopifyVariables.CodeLookup(code), IsMutation: false), cancellationToken);
        return ParseDiscountNode(data["codeDiscountNodeByCode"]);
    }

    public async Task<CodeDiscount?> GetDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default)
    {
        var data = await transport.SendAsync(
            shop, new GraphQLRequest(GraphQLDocuments.CodeDiscountNode, ShopifyVariables.ById(discountId), IsMutation: false), cancellationToken);
        return ParseDiscountNode(data["codeDiscountNode"]);
    }

    public async Task<BulkAddCodesResult> AddCodesAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken = default)
    {
        var variables = ShopifyVariables.BulkAdd(discountId, codes);
        ShopifyResult<BulkCodeCreation> started;
        try
        {
            started = await SendBulkAddAsync(shop, variables, cancellationToken);
        }
        catch (ShopifyOutcomeUnknownException ex)
        {
            logger.LogWarning(ex, "Adding {Count} codes to {Discount} on {Shop}: answer lost; looking the codes up", codes.Count, discountId, shop.Domain);
            return await SettleLostBulkAddAsync(shop, discountId, codes, cancellationToken);
        }

        if (!started.Succeeded)
        {
            return new BulkAddCodesResult(null, codes.Select(c => new CodeImportOutcome(c, false, started.UserErrors)).ToArray(), started.UserErrors);
        }

        return await WaitForBulkCreationAsync(shop, started.Value!.Id, codes, cancellationToken);
    }

    public Task<ShopifyResult<BulkCodeCreation>> StartBulkAddCodesAsync(
        ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken = default) =>
        SendBulkAddAsync(shop, ShopifyVariables.BulkAdd(discountId, codes), cancellationToken);

    public async Task<BulkCodeCreation?> GetBulkCreationAsync(ShopifyShop shop, string bulkCreationId, CancellationToken cancellationToken = default)
    {
        var data = await transport.SendAsync(
            shop,
            new GraphQLRequest(GraphQLDocuments.DiscountRedeemCodeBulkCreationStatus, ShopifyVariables.ById(bulkCreationId), IsMutation: false),
            cancellationToken);
        return ParseBulkCreation(data["discountRedeemCodeBulkCreation"]);
    }

    public async Task<BulkAddCodesResult> WaitForBulkCreationAsync(
        ShopifyShop shop, string bulkCreationId, IReadOnlyList<string> submittedCodes, CancellationToken cancellationToken = default)
    {
        var deadline = time.GetUtcNow() + _options.BulkJobTimeout;
        while (true)
        {
            if (await GetBulkCreationOutcomeAsync(shop, bulkCreationId, submittedCodes, cancellationToken) is { } outcome)
            {
                return outcome;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"Bulk creation {bulkCreationId} on {shop.Domain} not done after {_options.BulkJobTimeout}.");
            }

            await Task.Delay(_options.BulkPollInterval, time, cancellationToken);
        }
    }

    public async Task<BulkAddCodesResult?> GetBulkCreationOutcomeAsync(
        ShopifyShop shop, string bulkCreationId, IReadOnlyList<string> submittedCodes, CancellationToken cancellationToken = default)
    {
        var job = await GetBulkCreationAsync(shop, bulkCreationId, cancellationToken)
            ?? throw new ShopifyGraphQLException($"Bulk creation {bulkCreationId} not found on {shop.Domain}.", shop.Domain, GraphQLDocuments.DiscountRedeemCodeBulkCreationStatus);
        if (!job.Done)
        {
            return null;
        }

        if (job.FailedCount == 0)
        {
            return new BulkAddCodesResult(job.Id, submittedCodes.Select(c => new CodeImportOutcome(c, true, [])).ToArray(), []);
        }

        var errorsByCode = await ReadFailedCodesAsync(shop, bulkCreationId, cancellationToken);
        var outcomes = submittedCodes
            .Select(c => errorsByCode.TryGetValue(c, out var errors) && errors.Count > 0
                ? new CodeImportOutcome(c, false, errors)
                : new CodeImportOutcome(c, true, []))
            .ToArray();
        return new BulkAddCodesResult(job.Id, outcomes, []);
    }

    public async Task<RedeemCode?> FindRedeemCodeAsync(ShopifyShop shop, string discountId, string code, CancellationToken cancellationToken = default)
    {
        var data = await transport.SendAsync(
            shop,
            new GraphQLRequest(GraphQLDocuments.DiscountRedeemCodesByCode, ShopifyVariables.RedeemCodesByCode(discountId, code), IsMutation: false),
            cancellationToken);
        var nodes = data["codeDiscountNode"]?["codeDiscount"]?["codes"]?["nodes"] as JsonArray;
        return nodes?
            .Select(n => new RedeemCode(n.Str("id")!, n.Str("code")!))
            .FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.OrdinalIgnoreCase));
    }

    public Task<ShopifyResult<ShopifyJob>> DeleteRedeemCodesAsync(
        ShopifyShop shop, string discountId, IReadOnlyList<string> redeemCodeIds, CancellationToken cancellationToken = default)
    {
        var request = new GraphQLRequest(GraphQLDocuments.DiscountCodeRedeemCodeBulkDelete, ShopifyVariables.DeleteRedeemCodes(discountId, redeemCodeIds), IsMutation: true);

        // Deleting the same ids again has the same end state, so after a lost answer a fresh send is the check.
        return MutateAsync(
            shop,
            request,
            data =>
            {
                var payload = data["discountCodeRedeemCodeBulkDelete"];
                var errors = ParseUserErrors(payload);
                return errors.Length > 0 || payload?["job"] is not JsonObject job
                    ? ShopifyResult<ShopifyJob>.Failed(errors)
                    : ShopifyResult<ShopifyJob>.Ok(new ShopifyJob(job.Str("id")!, job.Bool("done") ?? false));
            },
            _ => Task.FromResult<ShopifyJob?>(null),
            cancellationToken);
    }

    public async Task<ShopifyResult<RedeemCode>> RenameCodeAsync(
        ShopifyShop shop, string discountId, string oldCode, string newCode, CancellationToken cancellationToken = default)
    {
        var old = await FindRedeemCodeAsync(shop, discountId, oldCode, cancellationToken);
        if (old is null)
        {
            return ShopifyResult<RedeemCode>.Failed([new ShopifyUserError("INVALID", ["oldCode"], $"Code {oldCode} is not a code of discount {discountId}.")]);
        }

        var added = await AddCodesAsync(shop, discountId, [newCode], cancellationToken);
        var outcome = added.Codes.Single();
        if (!outcome.Imported)
        {
            return ShopifyResult<RedeemCode>.Failed(outcome.Errors.Count > 0 ? outcome.Errors : added.UserErrors);
        }

        var deleted = await DeleteRedeemCodesAsync(shop, discountId, [old.Id], cancellationToken);
        if (!deleted.Succeeded)
        {
            return ShopifyResult<RedeemCode>.Failed(deleted.UserErrors);
        }

        var renamed = await FindRedeemCodeAsync(shop, discountId, newCode, cancellationToken);
        return renamed is null
            ? ShopifyResult<RedeemCode>.Failed([new ShopifyUserError("INTERNAL_ERROR", ["newCode"], $"Code {newCode} was added but cannot be read back.")])
            : ShopifyResult<RedeemCode>.Ok(renamed, added.ConfirmedByRead);
    }

    public async Task<OrdersPage> GetOrdersUpdatedSinceAsync(
        ShopifyShop shop, DateTimeOffset since, string? after = null, int pageSize = 25, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 50);
        var data = await transport.SendAsync(
            shop,
            new GraphQLRequest(GraphQLDocuments.OrdersWithDiscountCodes, ShopifyVariables.OrdersUpdatedSince(since, pageSize, after), IsMutation: false),
            cancellationToken);
        var connection = data["orders"];
        var orders = (connection?["nodes"] as JsonArray ?? []).Select(ParseOrder).ToArray();
        var next = connection?["pageInfo"].Bool("hasNextPage") == true ? connection["pageInfo"].Str("endCursor") : null;
        return new OrdersPage(orders, next);
    }

    public async IAsyncEnumerable<ShopifyOrder> ReadOrdersWithCodesUpdatedSinceAsync(
        ShopifyShop shop, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        do
        {
            var page = await GetOrdersUpdatedSinceAsync(shop, since, after, cancellationToken: cancellationToken);
            foreach (var order in page.Orders.Where(o => o.RedeemedCodes.Count > 0))
            {
                yield return order;
            }

            after = page.NextCursor;
        }
        while (after is not null);
    }

    private async Task<ShopifyResult<T>> MutateAsync<T>(
        ShopifyShop shop,
        GraphQLRequest request,
        Func<JsonObject, ShopifyResult<T>> parse,
        MutationOutcomeCheck<T> outcomeCheck,
        CancellationToken cancellationToken)
        where T : class
    {
        var lostAnswers = 0;
        while (true)
        {
            try
            {
                var result = parse(await transport.SendAsync(shop, request, cancellationToken));
                if (lostAnswers > 0 && !result.Succeeded && await outcomeCheck(cancellationToken) is { } ours)
                {
                    // The re-send collided with its own earlier attempt (e.g. TAKEN for our own code): that attempt did work.
                    return ShopifyResult<T>.Ok(ours, confirmedByRead: true);
                }

                return result;
            }
            catch (ShopifyOutcomeUnknownException ex) when (lostAnswers < _options.OutcomeCheckAttempts)
            {
                lostAnswers++;
                logger.LogWarning(ex, "{Operation} on {Shop}: answer lost; reading to learn whether it took effect", request.OperationName, shop.Domain);
                if (await outcomeCheck(cancellationToken) is { } applied)
                {
                    logger.LogInformation("{Operation} on {Shop} had taken effect; not sending it again", request.OperationName, shop.Domain);
                    return ShopifyResult<T>.Ok(applied, confirmedByRead: true);
                }

                logger.LogInformation("{Operation} on {Shop} had not taken effect; sending it again", request.OperationName, shop.Domain);
            }
        }
    }

    private async Task<ShopifyResult<BulkCodeCreation>> SendBulkAddAsync(ShopifyShop shop, JsonObject variables, CancellationToken cancellationToken)
    {
        var data = await transport.SendAsync(shop, new GraphQLRequest(GraphQLDocuments.DiscountRedeemCodeBulkAdd, variables, IsMutation: true), cancellationToken);
        var payload = data["discountRedeemCodeBulkAdd"];
        var errors = ParseUserErrors(payload);
        return errors.Length == 0 && ParseBulkCreation(payload?["bulkCreation"]) is { } job
            ? ShopifyResult<BulkCodeCreation>.Ok(job)
            : ShopifyResult<BulkCodeCreation>.Failed(errors);
    }

    /// <summary>
    /// Learns what a bulk add whose answer was lost did: a code found on this discount was imported, a code found elsewhere is taken,
    /// a code never found after several looks is sent again in a new job (codes are unique, so that cannot create a duplicate).
    /// </summary>
    private async Task<BulkAddCodesResult> SettleLostBulkAddAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, CodeImportOutcome>(StringComparer.Ordinal);
        var missing = codes.Distinct(StringComparer.Ordinal).ToList();
        for (var look = 0; look < _options.OutcomeCheckAttempts && missing.Count > 0; look++)
        {
            if (look > 0)
            {
                await Task.Delay(_options.BulkPollInterval, time, cancellationToken);
            }

            missing = await LookUpAsync(shop, discountId, missing, outcomes, cancellationToken);
        }

        string? jobId = null;
        if (missing.Count > 0)
        {
            logger.LogInformation("{Count} codes for {Discount} on {Shop} not found after a lost bulk add; adding them again", missing.Count, discountId, shop.Domain);
            var started = await SendBulkAddAsync(shop, ShopifyVariables.BulkAdd(discountId, missing), cancellationToken);
            if (!started.Succeeded)
            {
                foreach (var code in missing)
                {
                    outcomes[code] = new CodeImportOutcome(code, false, started.UserErrors);
                }
            }
            else
            {
                jobId = started.Value!.Id;
                var again = await WaitForBulkCreationAsync(shop, jobId, missing, cancellationToken);
                var takenByUs = again.Codes.Where(c => c.Errors.Any(e => e.IsTaken)).Select(c => c.Code).ToList();
                foreach (var outcome in again.Codes)
                {
                    outcomes[outcome.Code] = outcome;
                }

                await LookUpAsync(shop, discountId, takenByUs, outcomes, cancellationToken);
            }
        }

        return new BulkAddCodesResult(jobId, codes.Select(c => outcomes[c]).ToArray(), [], ConfirmedByRead: true);
    }

    private async Task<List<string>> LookUpAsync(
        ShopifyShop shop, string discountId, IEnumerable<string> codes, Dictionary<string, CodeImportOutcome> outcomes, CancellationToken cancellationToken)
    {
        var stillMissing = new List<string>();
        foreach (var code in codes)
        {
            var owner = await FindDiscountByCodeAsync(shop, code, cancellationToken);
            if (owner is null)
            {
                stillMissing.Add(code);
            }
            else if (string.Equals(owner.Id, discountId, StringComparison.Ordinal))
            {
                outcomes[code] = new CodeImportOutcome(code, true, []);
            }
            else
            {
                outcomes[code] = new CodeImportOutcome(code, false, [new ShopifyUserError("TAKEN", ["code"], "Code is already used by another discount.")]);
            }
        }

        return stillMissing;
    }

    private async Task<Dictionary<string, IReadOnlyList<ShopifyUserError>>> ReadFailedCodesAsync(ShopifyShop shop, string bulkCreationId, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<ShopifyUserError>>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var data = await transport.SendAsync(
                shop,
                new GraphQLRequest(GraphQLDocuments.DiscountRedeemCodeBulkCreationCodes, ShopifyVariables.BulkCreationCodes(bulkCreationId, after), IsMutation: false),
                cancellationToken);
            var codes = data["discountRedeemCodeBulkCreation"]?["codes"];
            foreach (var node in codes?["nodes"] as JsonArray ?? [])
            {
                var errors = (node?["errors"] as JsonArray ?? []).Select(ParseUserError).ToArray();
                if (node.Str("code") is { } code)
                {
                    result[code] = result.TryGetValue(code, out var earlier) && earlier.Count > 0 && errors.Length == 0 ? earlier : errors;
                }
            }

            after = codes?["pageInfo"].Bool("hasNextPage") == true ? codes["pageInfo"].Str("endCursor") : null;
        }
        while (after is not null);

        return result;
    }

    private static ShopifyResult<CodeDiscount> ParseDiscountPayload(JsonNode? payload)
    {
        var errors = ParseUserErrors(payload);
        return errors.Length == 0 && ParseDiscountNode(payload?["codeDiscountNode"]) is { } discount
            ? ShopifyResult<CodeDiscount>.Ok(discount)
            : ShopifyResult<CodeDiscount>.Failed(errors);
    }

    private static CodeDiscount? ParseDiscountNode(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        var discount = obj["codeDiscount"];
        return new CodeDiscount(
            obj.Str("id")!,
            discount.Str("__typename") ?? "Unknown",
            discount.Str("title"),
            discount.Str("status") switch
            {
                "ACTIVE" => DiscountStatus.Active,
                "SCHEDULED" => DiscountStatus.Scheduled,
                "EXPIRED" => DiscountStatus.Expired,
                _ => null,
            },
            discount.Date("startsAt"),
            discount.Date("endsAt"),
            discount.Int("usageLimit"),
            discount.Bool("appliesOncePerCustomer"));
    }

    private static BulkCodeCreation? ParseBulkCreation(JsonNode? node) => node is JsonObject o
        ? new BulkCodeCreation(o.Str("id")!, o.Bool("done") ?? false, o.Int("codesCount") ?? 0, o.Int("importedCount") ?? 0, o.Int("failedCount") ?? 0)
        : null;

    private static ShopifyUserError[] ParseUserErrors(JsonNode? payload) =>
        (payload?["userErrors"] as JsonArray ?? []).Select(ParseUserError).ToArray();

    private static ShopifyUserError ParseUserError(JsonNode? node) => new(
        node.Str("code"),
        node?["field"] is JsonArray field ? field.Select(f => f?.ToString() ?? string.Empty).ToArray() : [],
        node.Str("message") ?? string.Empty);

    private static ShopifyOrder ParseOrder(JsonNode? node)
    {
        var currency = node.Str("currencyCode") ?? "XXX";
        Money Amount(string field) => new(node?[field]?["shopMoney"].Dec("amount") ?? 0m, node?[field]?["shopMoney"].Str("currencyCode") ?? currency);
        var codes = (node?["discountApplications"]?["nodes"] as JsonArray ?? [])
            .Where(a => a.Str("__typename") == "DiscountCodeApplication")
            .Select(a => a.Str("code"))
            .OfType<string>()
            .ToArray();
        return new ShopifyOrder(
            node.Str("id")!,
            node.Str("name") ?? string.Empty,
            node.Date("createdAt") ?? default,
            node.Date("updatedAt") ?? default,
            node.Date("cancelledAt"),
            node.Bool("test") ?? false,
            codes,
            Amount("currentSubtotalPriceSet"),
            Amount("currentTotalPriceSet"),
            Amount("totalRefundedSet"));
    }

    private static bool SameSecond(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null || b is null ? a is null && b is null : Math.Abs((a.Value - b.Value).TotalSeconds) < 1;
}
