using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Sales;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Sales;

/// <summary>Orders placed in the simulated shop reach the app as Shopify's signed webhooks and become conversions.</summary>
public sealed class SalesTrackingTests(StackFixture stack)
{
    private static readonly (string, string)[] Pair = [("Ana", "Lopez"), ("Zoe", "Martin")];

    // Two tees at 40 with a member's 10 % code: a base of 72, so CPA 5.50 + 10 % = 12.70.
    private static PlaceOrderRequest TwoTees(string code, string? email = null) =>
        new([code], [new SimLineItem("Tee", 40m, 2)], Email: email ?? $"buyer.{Guid.NewGuid():N}@shoppers.test");

    [Fact]
    public async Task OrderWithAMembersCode_ShouldBecomeAPendingConversionWithItsCommission()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var (member, code) = setup.CodesByMemberId.First();

        var placed = await stack.PlaceOrderAsync(brand, TwoTees(code.ToLowerInvariant()));

        Assert.Equal(200, placed.Delivery!.StatusCode);
        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1);
        Assert.Equal(72m, dashboard.Totals.Sales);
        Assert.Equal(12.70m, dashboard.Totals.CommissionPending);
        Assert.Equal(2, dashboard.Totals.Units);
        Assert.Equal(member, Assert.Single(dashboard.TopMembers).MemberId);
        var conversion = Assert.Single(await brand.ConversionsAsync($"api/v1/members/{member}/conversions"));
        Assert.Equal(placed.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), conversion.OrderId);
        Assert.Equal(ConversionStatus.Pending, conversion.Status);
        Assert.Equal(code, conversion.Code);
    }

    [Fact]
    public async Task DuplicateDelivery_ShouldBeCountedOnce()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var code = setup.CodesByMemberId.Values.First();
        var first = await stack.PlaceOrderAsync(brand, TwoTees(code));

        var again = await stack.RedeliverAsync(brand, first.Delivery!.WebhookId);
        var third = await stack.RedeliverAsync(brand, first.Delivery.WebhookId);
        await stack.PlaceOrderAsync(brand, TwoTees(code));

        Assert.Equal(200, again.StatusCode);
        Assert.Equal(200, third.StatusCode);
        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders >= 2);
        await Task.Delay(1000, ApiCalls.Ct);
        Assert.Equal(2, (await brand.DashboardAsync(setup.OfferId)).Totals.Orders);
        Assert.Equal(2 * 12.70m, dashboard.Totals.CommissionPending);
    }

    [Fact]
    public async Task TwoHundredConcurrentDeliveries_ShouldAllBeCountedAndTheDashboardShouldEqualARecomputationFromTheConversions()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var codes = setup.CodesByMemberId.Values.ToArray();

        var placed = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            stack.PlaceOrderAsync(brand, new PlaceOrderRequest([codes[i % 2]], [new SimLineItem("Mug", 10m + (i % 7), 1 + (i % 3))]))));

        // As Shopify does, a delivery that was not acknowledged in time is retried (same webhook id).
        foreach (var late in placed.Where(p => p.Delivery!.StatusCode != 200))
        {
            Assert.Equal(200, (await stack.RedeliverAsync(brand, late.Delivery!.WebhookId)).StatusCode);
        }

        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 200, TimeSpan.FromSeconds(90));
        var conversions = await brand.ConversionsAsync($"api/v1/offers/{setup.OfferId}/conversions?pageSize=70");
        Assert.Equal(200, conversions.Count);
        Assert.Equal(200, conversions.Select(c => c.OrderId).Distinct().Count());
        Assert.Equal(conversions.Sum(c => c.Sale.Amount - c.Refunded.Amount), dashboard.Totals.Sales);
        Assert.Equal(conversions.Sum(c => c.Commission.Amount), dashboard.Totals.CommissionPending);
        Assert.Equal(conversions.Sum(c => c.Units), dashboard.Totals.Units);
        foreach (var member in dashboard.TopMembers)
        {
            var own = conversions.Where(c => c.MemberId == member.MemberId).ToArray();
            Assert.Equal(own.Length, member.Figures.Orders);
            Assert.Equal(own.Sum(c => c.Commission.Amount), member.Figures.Commission);
        }
    }

    [Fact]
    public async Task RefundBeforeThePaidEvent_ShouldBeAppliedWhenTheOrderArrives()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var placed = await stack.PlaceOrderAsync(brand, TwoTees(setup.CodesByMemberId.Values.First()) with { DeliverWebhook = false });

        var refund = await stack.RefundAsync(brand, placed.OrderId, new RefundRequest(36m, Lines: [new SimRefundLineRequest(0, 1)]));
        await Task.Delay(500, ApiCalls.Ct);
        var paid = await stack.DeliverOrderWebhookAsync(brand, placed.OrderId, "orders/paid");

        Assert.Equal(200, refund.Delivery!.StatusCode);
        Assert.Equal(200, paid.Delivery!.StatusCode);
        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 1 && d.Totals.Refunds > 0);
        Assert.Equal(36m, dashboard.Totals.Sales);
        Assert.Equal(36m, dashboard.Totals.Refunds);
        Assert.Equal(5.50m + 3.60m, dashboard.Totals.CommissionPending);
        Assert.Equal(3.60m, dashboard.Totals.CommissionClawedBack);
    }

    [Fact]
    public async Task FullRefundAndCancellation_ShouldVoidTheFlatAmountToo()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var code = setup.CodesByMemberId.Values.First();
        var refunded = await stack.PlaceOrderAsync(brand, TwoTees(code));
        var cancelled = await stack.PlaceOrderAsync(brand, TwoTees(code));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 2);

        await stack.RefundAsync(brand, refunded.OrderId, new RefundRequest(72m, Lines: [new SimRefundLineRequest(0, 2)]));
        using (var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri })
        {
            (await http.PostAsync($"_sim/shops/{brand.ShopDomain}/orders/{cancelled.OrderId}/cancel", null, ApiCalls.Ct)).EnsureSuccessStatusCode();
        }

        await stack.DeliverOrderWebhookAsync(brand, cancelled.OrderId, "orders/updated");
        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Rejected == 1 && d.Totals.Refunds == 72m);
        Assert.Equal(0m, dashboard.Totals.Commission);
        Assert.Equal(1, dashboard.Totals.Orders);
        var conversions = await brand.ConversionsAsync($"api/v1/offers/{setup.OfferId}/conversions?status=rejected");
        Assert.Equal(RejectionReason.Cancelled, Assert.Single(conversions).Rejection);
    }

    [Fact]
    public async Task BadSignature_ShouldAnswer401AndStoreNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var body = """{"id":123456,"currency":"USD","financial_status":"paid","subtotal_price":"10.00"}""";

        var unsigned = await PostWebhookAsync(brand.ShopDomain, body, signature: null);
        var forged = await PostWebhookAsync(brand.ShopDomain, body, ShopifyWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), "not-the-secret"));
        var tampered = await PostWebhookAsync(brand.ShopDomain, body.Replace("10.00", "99.00", StringComparison.Ordinal), Sign(brand, body));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [unsigned, forged, tampered]);
        Assert.Equal(1, await ReceiptsAfterASentinelAsync(brand));
    }

    [Fact]
    public async Task AnotherBrandsShopDomain_ShouldAnswer401()
    {
        using var brand = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var body = """{"id":777,"currency":"USD","financial_status":"paid"}""";

        var wrongShop = await PostWebhookAsync(other.ShopDomain, body, Sign(brand, body));
        var unknownShop = await PostWebhookAsync("nobody.myshopify.com", body, Sign(brand, body));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongShop);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownShop);
        Assert.Equal(1, await ReceiptsAfterASentinelAsync(other));
        Assert.Equal(1, await ReceiptsAfterASentinelAsync(brand));
    }

    [Fact]
    public async Task BodyOverOneMegabyteOrNotJson_ShouldAnswer400AndStoreNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var huge = "{\"id\":1,\"note\":\"" + new string('x', 1024 * 1024) + "\"}";

        var tooLarge = await PostWebhookAsync(brand.ShopDomain, huge, Sign(brand, huge));
        var notJson = await PostWebhookAsync(brand.ShopDomain, "id=1", Sign(brand, "id=1"));
        var otherTopic = await PostWebhookAsync(brand.ShopDomain, "{}", Sign(brand, "{}"), topic: "products/update");

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge);
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        Assert.Equal(HttpStatusCode.OK, otherTopic);
        Assert.Equal(1, await ReceiptsAfterASentinelAsync(brand));
    }

    [Fact]
    public async Task ReviewAndPayout_ShouldBeAuditedPaidOnceAndClawBackALaterRefundIntoTheNextPayout()
    {
        using var brand = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var (member, code) = setup.CodesByMemberId.First();
        var kept = await stack.PlaceOrderAsync(brand, TwoTees(code));
        var rejected = await stack.PlaceOrderAsync(brand, TwoTees(code));
        // What the brand waits for before reviewing: both conversions listed. A listed conversion is found by its id at once.
        await brand.WaitForConversionsAsync($"api/v1/offers/{setup.OfferId}/conversions", 2);
        var keptId = kept.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rejectedId = rejected.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var reject = await brand.Client.PostJsonAsync($"api/v1/conversions/{rejectedId}/reject", new { reviewedBy = "lee@brand.example", reason = "Staff order" });
        var approve = await brand.Client.PostJsonAsync($"api/v1/conversions/{keptId}/approve", new { reviewedBy = "lee@brand.example" });
        var foreign = await other.Client.PostJsonAsync($"api/v1/conversions/{keptId}/approve", new { reviewedBy = "someone" });
        var noReason = await brand.Client.PostJsonAsync($"api/v1/conversions/{keptId}/reject", new { reviewedBy = "lee@brand.example" });

        Assert.Equal(HttpStatusCode.OK, reject.Status);
        var review = Assert.Single(reject.Read<ConversionResponse>().Reviews);
        Assert.Equal(("lee@brand.example", "Staff order", ConversionReviewAction.Rejected), (review.By, review.Reason, review.Action));
        Assert.Equal(ConversionStatus.Approved, approve.Read<ConversionResponse>().Status);
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("reason", noReason.ErrorFields);

        var due = await brand.Client.GetJsonAsync("api/v1/payouts?status=due");
        Assert.Equal((member, 12.70m), due.Read<PagedPayouts>().Items.Select(p => (p.MemberId, p.Due.Amount)).Single());

        var key = Guid.NewGuid().ToString();
        var paid = await MarkPaidAsync(brand, member, key);
        var replay = await MarkPaidAsync(brand, member, key);
        Assert.Equal(HttpStatusCode.OK, paid.Status);
        Assert.Equal(paid.Read<PaidPayoutResponse>().Id, replay.Read<PaidPayoutResponse>().Id);
        Assert.Equal(12.70m, paid.Read<PaidPayoutResponse>().Amount.Amount);
        Assert.Empty((await brand.Client.GetJsonAsync("api/v1/payouts?status=due")).Read<PagedPayouts>().Items);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await MarkPaidAsync(brand, member, Guid.NewGuid().ToString())).Status);

        await stack.RefundAsync(brand, kept.OrderId, new RefundRequest(36m, Lines: [new SimRefundLineRequest(0, 1)]));
        var dashboard = await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Adjustments < 0);
        Assert.Equal(-3.60m, dashboard.Totals.Adjustments);
        Assert.Equal(12.70m, dashboard.Totals.CommissionPaid);
        var conversion = (await brand.ConversionsAsync($"api/v1/members/{member}/conversions?status=paid")).Single();
        Assert.Equal(-3.60m, conversion.Due.Amount);
    }

    [Fact]
    public async Task ConversionsAsCsv_ShouldStreamEveryMatchingRow()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var code = setup.CodesByMemberId.Values.First();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stack.PlaceOrderAsync(brand, TwoTees(code))));
        await brand.WaitForDashboardAsync(setup.OfferId, d => d.Totals.Orders == 3);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/offers/{setup.OfferId}/conversions?status=pending");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await brand.Client.SendAsync(request, ApiCalls.Ct);
        var lines = (await response.Content.ReadAsStringAsync(ApiCalls.Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("OrderId,OfferId,MemberId,Code,Status", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",pending,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherBrandsOffer_ShouldBeNotFoundOnTheReadSide()
    {
        using var brand = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();

        var dashboard = await other.Client.GetJsonAsync($"api/v1/offers/{offer}/dashboard");
        var list = await other.Client.GetJsonAsync($"api/v1/offers/{offer}/conversions");
        var badStatus = await brand.Client.GetJsonAsync($"api/v1/offers/{offer}/conversions?status=nope");

        Assert.Equal(HttpStatusCode.NotFound, dashboard.Status);
        Assert.Equal(HttpStatusCode.NotFound, list.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.Status);
        Assert.Contains("status", badStatus.ErrorFields);
    }

    [Fact]
    public async Task Reconcile_WhenWebhooksWereMissed_ShouldRepairTheOrderOnceAndReportIt()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithLiveCodesAsync(Pair);
        var missed = await stack.PlaceOrderAsync(brand, TwoTees(setup.CodesByMemberId.Values.Last()) with { DeliverWebhook = false });
        await stack.RefundAsync(brand, missed.OrderId, new RefundRequest(36m, DeliverWebhook: false, Lines: [new SimRefundLineRequest(0, 1)]));
        var reconciler = stack.Services.GetRequiredService<ShopifyReconciler>();

        var first = await reconciler.ReconcileAsync(new BrandId(brand.Id), ApiCalls.Ct);
        var second = await reconciler.ReconcileAsync(new BrandId(brand.Id), ApiCalls.Ct);

        Assert.Equal([missed.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture)], first.RepairedOrderIds);
        Assert.Equal(1, first.ConversionsCreated);
        Assert.Empty(second.RepairedOrderIds);
        var dashboard = await brand.DashboardAsync(setup.OfferId);
        Assert.Equal((1, 36m, 36m, 5.50m + 3.60m), (dashboard.Totals.Orders, dashboard.Totals.Sales, dashboard.Totals.Refunds, dashboard.Totals.CommissionPending));
    }

    private WebhookReceiptStore Receipts => stack.Services.GetRequiredService<WebhookReceiptStore>();

    /// <summary>
    /// Delivers one valid webhook after the ones under test and waits until it is applied, then counts the brand's
    /// receipts: a delivery posted before it that had got onto the queue would be applied by then too, so anything
    /// but 1 means a refused delivery was stored.
    /// </summary>
    private async Task<int> ReceiptsAfterASentinelAsync(TestBrand brand)
    {
        var body = """{"id":424242,"currency":"USD","financial_status":"pending","subtotal_price":"1.00"}""";
        var webhookId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, await PostWebhookAsync(brand.ShopDomain, body, Sign(brand, body), webhookId: webhookId));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (await Receipts.GetAsync(new BrandId(brand.Id), webhookId, ApiCalls.Ct) is null)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "The sentinel webhook was not applied in 30 s.");
            await Task.Delay(100, ApiCalls.Ct);
        }

        await Task.Delay(500, ApiCalls.Ct);
        return await Receipts.CountAsync(new BrandId(brand.Id), ApiCalls.Ct);
    }

    private static string Sign(TestBrand brand, string body) => ShopifyWebhookVerifier.Sign(Encoding.UTF8.GetBytes(body), brand.Shop.Config.WebhookSecret);

    private async Task<HttpStatusCode> PostWebhookAsync(string shopDomain, string body, string? signature, string topic = "orders/paid", string? webhookId = null)
    {
        using var client = stack.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/shopify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Shopify-Shop-Domain", shopDomain);
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId ?? Guid.NewGuid().ToString());
        if (signature is not null)
        {
            request.Headers.Add("X-Shopify-Hmac-Sha256", signature);
        }

        using var response = await client.SendAsync(request, ApiCalls.Ct);
        return response.StatusCode;
    }

    private static async Task<ApiAnswer> MarkPaidAsync(TestBrand brand, string member, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/payouts/{member}/mark-paid") { Content = System.Net.Http.Json.JsonContent.Create(new { reference = "transfer-1" }) };
        request.Headers.Add("Idempotency-Key", key);
        return await (await brand.Client.SendAsync(request, ApiCalls.Ct)).ReadAnswerAsync();
    }

    private sealed record PagedPayouts(IReadOnlyList<PayoutResponse> Items);
}
