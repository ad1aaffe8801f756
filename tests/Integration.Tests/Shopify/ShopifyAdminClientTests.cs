using System.Diagnostics;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Shopify;

public sealed class ShopifyAdminClientTests(ShopifySimulatorFixture fixture)
{
    private static readonly DateTimeOffset Yesterday = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly IShopifyAdminClient _client = fixture.Client;

    private static DiscountCodeSpec Spec(string code, string title = "Creators") =>
        new(title, code, Yesterday, null, new PercentageOff(10), DiscountItems.All, UsageLimit: 5);

    [Fact]
    public async Task CreateDiscount_WhenValid_ShouldCreateAnActiveDiscountWithAFractionalPercentage()
    {
        var (shop, state) = fixture.NewShop();

        var result = await _client.CreateDiscountAsync(shop, Spec("JOHN10"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(DiscountStatus.Active, result.Value!.Status);
        var discount = Assert.Single(ShopSnapshot.Of(state).Discounts);
        Assert.Equal(0.1, discount.Percentage!.Value, 6);
        Assert.Equal(5, discount.UsageLimit);
    }

    [Fact]
    public async Task CreateDiscount_WhenTheBucketCannotPay_ShouldWaitForItInsteadOfBeingThrottled()
    {
        var (shop, state) = fixture.NewShop(bucketSize: 30, restoreRate: 100);
        var ct = TestContext.Current.CancellationToken;
        await _client.FindDiscountByCodeAsync(shop, "WARMUP", ct);
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 8; i++)
        {
            Assert.True((await _client.CreateDiscountAsync(shop, Spec($"WAIT{i}"), cancellationToken: ct)).Succeeded);
        }

        // 80 points from a bucket holding about 30 that refills at 100/s: about 0.5 s of waiting is needed, and no THROTTLED answer.
        watch.Stop();
        var snapshot = ShopSnapshot.Of(state);
        Assert.Equal(0, snapshot.Throttled);
        Assert.Equal(8, snapshot.Discounts.Count);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.35, 3);
    }

    [Fact]
    public async Task FindDiscountByCode_WhenShopifyAnswersThrottled_ShouldRetryAndSucceed()
    {
        var (shop, state) = fixture.NewShop();
        await _client.CreateDiscountAsync(shop, Spec("THR1"), cancellationToken: TestContext.Current.CancellationToken);
        state.Faults.Add(new FaultRule(FaultKind.Throttled, Count: 2, Operation: "codeDiscountNodeByCode"));
        state.Faults.Add(new FaultRule(FaultKind.TooManyRequests, Count: 1, Operation: "codeDiscountNodeByCode"));

        var found = await _client.FindDiscountByCodeAsync(shop, "thr1", TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal(3, ShopSnapshot.Of(state).Throttled);
    }

    [Fact]
    public async Task FindDiscountByCode_WhenServerErrorsOccur_ShouldRetryAndSucceed()
    {
        var (shop, state) = fixture.NewShop();
        await _client.CreateDiscountAsync(shop, Spec("FIVE1"), cancellationToken: TestContext.Current.CancellationToken);
        state.Faults.Add(new FaultRule(FaultKind.ServerError, Count: 2, StatusCode: 502, Operation: "codeDiscountNodeByCode"));

        var found = await _client.FindDiscountByCodeAsync(shop, "FIVE1", TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal(2, ShopSnapshot.Of(state).ServerErrors);
    }

    [Fact]
    public async Task CreateDiscount_WhenAServerErrorHidesTheOutcome_ShouldReadThenCreateExactlyOnce()
    {
        var (shop, state) = fixture.NewShop();
        state.Faults.Add(new FaultRule(FaultKind.ServerError, Count: 1, Operation: "discountCodeBasicCreate"));

        var result = await _client.CreateDiscountAsync(shop, Spec("RETRY5XX"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Single(ShopSnapshot.Of(state).Discounts);
    }

    [Fact]
    public async Task CreateDiscount_WhenTheConnectionDropsAfterCommit_ShouldReadBackAndNotDuplicate()
    {
        var (shop, state) = fixture.NewShop();
        state.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: 1, Operation: "discountCodeBasicCreate"));

        var result = await _client.CreateDiscountAsync(shop, Spec("DROP10"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.True(result.ConfirmedByRead);
        var snapshot = ShopSnapshot.Of(state);
        Assert.Equal(1, snapshot.DroppedConnections);
        Assert.Single(snapshot.Discounts);
    }

    [Fact]
    public async Task AddCodes_WhenTheConnectionDropsAfterCommit_ShouldLearnTheOutcomeWithoutDuplicates()
    {
        var (shop, state) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        var discount = (await _client.CreateDiscountAsync(shop, Spec("BASE1"), cancellationToken: ct)).Value!;
        state.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: 1, Operation: "discountRedeemCodeBulkAdd"));
        var codes = Enumerable.Range(0, 20).Select(i => $"DROPPED{i}").ToArray();

        var result = await _client.AddCodesAsync(shop, discount.Id, codes, ct);

        Assert.True(result.ConfirmedByRead);
        Assert.All(result.Codes, c => Assert.True(c.Imported, c.Code));
        Assert.Equal(21, Assert.Single(ShopSnapshot.Of(state).Discounts).Codes.Count);
    }

    [Fact]
    public async Task AddCodes_WhenCodesAreTakenOrRepeatedInAnyCase_ShouldReportEachCode()
    {
        var (shop, state) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        await _client.CreateDiscountAsync(shop, Spec("ALPHA", "First"), cancellationToken: ct);
        var second = (await _client.CreateDiscountAsync(shop, Spec("OMEGA", "Second"), cancellationToken: ct)).Value!;

        var result = await _client.AddCodesAsync(shop, second.Id, ["alpha", "BETA", "beta", "GAMMA", ""], ct);

        var byCode = result.Codes.ToDictionary(c => c.Code);
        Assert.Equal("TAKEN", Assert.Single(byCode["alpha"].Errors).Code);
        Assert.True(byCode["BETA"].Imported);
        Assert.False(byCode["beta"].Imported);
        Assert.True(byCode["GAMMA"].Imported);
        Assert.False(byCode[""].Imported);
        Assert.Equal(3, ShopSnapshot.Of(state).Discounts.Single(d => d.Title == "Second").Codes.Count);
    }

    [Fact]
    public async Task CreateDiscount_WhenTheCodeIsTakenInAnotherCase_ShouldReturnTheTakenUserError()
    {
        var (shop, state) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        await _client.CreateDiscountAsync(shop, Spec("SUMMER10"), cancellationToken: ct);

        var result = await _client.CreateDiscountAsync(shop, Spec("summer10", "Other"), cancellationToken: ct);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.UserErrors);
        Assert.True(error.IsTaken);
        Assert.Equal(["basicCodeDiscount", "code"], error.Field);
        Assert.Single(ShopSnapshot.Of(state).Discounts);
    }

    [Fact]
    public async Task AddCodes_WhenMoreThan250Codes_ShouldRefuseBeforeSending()
    {
        var (shop, state) = fixture.NewShop();
        var codes = Enumerable.Range(0, 251).Select(i => $"MANY{i}").ToArray();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _client.AddCodesAsync(shop, "gid://shopify/DiscountCodeNode/1", codes, TestContext.Current.CancellationToken));

        Assert.Equal(0, ShopSnapshot.Of(state).Requests);
    }

    [Fact]
    public async Task AddCodes_WhenTheJobIsSlow_ShouldPollUntilDone()
    {
        var (shop, state) = fixture.NewShop(codesPerSecond: 500);
        var ct = TestContext.Current.CancellationToken;
        var discount = (await _client.CreateDiscountAsync(shop, Spec("SLOW0"), cancellationToken: ct)).Value!;
        var codes = Enumerable.Range(1, 250).Select(i => $"SLOW{i}").ToArray();

        var result = await _client.AddCodesAsync(shop, discount.Id, codes, ct);

        Assert.Equal(250, result.ImportedCount);
        Assert.Null(await _client.FindDiscountByCodeAsync(shop, "NOPE", ct));
        Assert.Equal(discount.Id, (await _client.FindDiscountByCodeAsync(shop, "slow250", ct))!.Id);
        Assert.Equal(251, ShopSnapshot.Of(state).Discounts.Single().Codes.Count);
    }

    [Fact]
    public async Task DeactivateAndActivate_WhenCalled_ShouldChangeTheStatus()
    {
        var (shop, _) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        var discount = (await _client.CreateDiscountAsync(shop, Spec("TOGGLE"), cancellationToken: ct)).Value!;

        var deactivated = await _client.DeactivateDiscountAsync(shop, discount.Id, ct);
        var activated = await _client.ActivateDiscountAsync(shop, discount.Id, ct);

        Assert.Equal(DiscountStatus.Expired, deactivated.Value!.Status);
        Assert.Equal(DiscountStatus.Active, activated.Value!.Status);
    }

    [Fact]
    public async Task UpdateDiscountDates_WhenStartIsInTheFuture_ShouldBecomeScheduled()
    {
        var (shop, _) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        var discount = (await _client.CreateDiscountAsync(shop, Spec("LATER"), cancellationToken: ct)).Value!;
        var start = DateTimeOffset.UtcNow.AddDays(3);

        var updated = await _client.UpdateDiscountDatesAsync(shop, discount.Id, start, start.AddDays(7), ct);

        Assert.Equal(DiscountStatus.Scheduled, updated.Value!.Status);
        Assert.Equal(start.AddDays(7).ToUnixTimeSeconds(), updated.Value.EndsAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task RenameCode_WhenTheNewCodeIsFree_ShouldReplaceTheOldCode()
    {
        var (shop, state) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        var discount = (await _client.CreateDiscountAsync(shop, Spec("OLDNAME"), cancellationToken: ct)).Value!;
        await _client.AddCodesAsync(shop, discount.Id, ["KEEP1"], ct);

        var renamed = await _client.RenameCodeAsync(shop, discount.Id, "OLDNAME", "NEWNAME", ct);

        Assert.True(renamed.Succeeded);
        Assert.Equal(["KEEP1", "NEWNAME"], ShopSnapshot.Of(state).Discounts.Single().Codes.Select(c => c.Code).Order());
    }

    [Fact]
    public async Task ReadOrdersWithCodes_WhenOrdersCarrySeveralCodes_ShouldReturnEveryRedeemedCodeButNoManualDiscounts()
    {
        var (shop, state) = fixture.NewShop();
        var ct = TestContext.Current.CancellationToken;
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await _client.CreateDiscountAsync(shop, Spec("FIRST10"), cancellationToken: ct);
        await _client.CreateDiscountAsync(shop, Spec("SECOND10", "Two"), cancellationToken: ct);
        lock (state.Gate)
        {
            Assert.Null(OrderDesk.Place(state, new PlaceOrderRequest(["FIRST10", "second10"], ManualDiscountTitle: "Staff", ManualDiscountAmount: 1, DeliverWebhook: false)).Error);
            Assert.Null(OrderDesk.Place(state, new PlaceOrderRequest(ManualDiscountTitle: "Staff", ManualDiscountAmount: 2, DeliverWebhook: false)).Error);
        }

        var orders = new List<ShopifyOrder>();
        await foreach (var order in _client.ReadOrdersWithCodesUpdatedSinceAsync(shop, since, ct))
        {
            orders.Add(order);
        }

        var only = Assert.Single(orders);
        Assert.Equal(["FIRST10", "SECOND10"], only.RedeemedCodes);
        Assert.Equal("USD", only.Total.Currency);
    }
}
