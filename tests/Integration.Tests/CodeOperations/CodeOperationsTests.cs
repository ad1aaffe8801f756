using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Infra.Shopify;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.CodeOperations;

public sealed class CodeOperationsTests(StackFixture stack)
{
    private static readonly string[] TeamCodes = ["ANA10", "JOHN10", "JOHN10B", "ZOE10"];

    [Fact]
    public async Task Rename_WhenTheNewCodeIsFree_ShouldReplaceItInShopifyAndTheApiAndFreeTheOldCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var ana = codes.Member("ANA10");

        var renamed = await brand.OperateAsync(codes.OfferId, new { action = "rename", memberIds = new[] { ana }, codes = new Dictionary<string, string> { [ana] = "anafresh" } });

        Assert.True(renamed.Status == HttpStatusCode.OK, renamed.Body.ToString());
        var result = renamed.Results()[ana];
        Assert.Equal(StepOutcome.Ok, result.Outcome);
        Assert.Equal("ANAFRESH", result.Code!.Code);
        Assert.Equal(["ANAFRESH", "JOHN10", "JOHN10B", "ZOE10"], ShopCodes(brand));
        Assert.Equal("ANAFRESH", (await brand.CodesAsync(codes.OfferId))[ana].Code);

        var zoe = codes.Member("ZOE10");
        var reused = await brand.OperateAsync(codes.OfferId, new { action = "rename", memberIds = new[] { zoe }, codes = new Dictionary<string, string> { [zoe] = "ANA10" } });

        Assert.Equal(StepOutcome.Ok, reused.Results()[zoe].Outcome);
        Assert.Equal(["ANA10", "ANAFRESH", "JOHN10", "JOHN10B"], ShopCodes(brand));
        Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
    }

    [Fact]
    public async Task Rename_WhenOneNewCodeIsTaken_ShouldFailThatMemberOnly()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var (ana, zoe, doe) = (codes.Member("ANA10"), codes.Member("ZOE10"), codes.Member("JOHN10"));
        await CreateOutsideDiscountAsync(brand, "STAFF50");

        var answer = await brand.OperateAsync(codes.OfferId, new
        {
            action = "rename",
            memberIds = new[] { ana, zoe, doe },
            codes = new Dictionary<string, string> { [ana] = "JOHN10B", [zoe] = "ZOENEW", [doe] = "STAFF50" },
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var results = answer.Results();
        Assert.Equal(StepOutcome.Failed, results[ana].Outcome);
        Assert.Contains("JOHN10B", results[ana].Reason);
        Assert.Equal("ANA10", results[ana].Code!.Code);
        Assert.Equal(StepOutcome.Failed, results[doe].Outcome);
        Assert.Equal("JOHN10", results[doe].Code!.Code);
        Assert.Equal(StepOutcome.Ok, results[zoe].Outcome);
        Assert.Equal((1, 2), (answer.As<CodeOperationResponse>().Succeeded, answer.As<CodeOperationResponse>().Failed));
        var ours = ShopSnapshot.Of(brand.Shop).Discounts.Single(d => d.Title == "Creators summer");
        Assert.Equal(["ANA10", "JOHN10", "JOHN10B", "ZOENEW"], ours.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deactivate_ShouldRemoveTheCodeFromShopifyAndListItDeactivated()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var ana = codes.Member("ANA10");

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { ana } });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(StepOutcome.Ok, answer.Results()[ana].Outcome);
        Assert.Equal(PromoCodeStatus.Deactivated, answer.Results()[ana].Code!.Status);
        Assert.Equal(["JOHN10", "JOHN10B", "ZOE10"], ShopCodes(brand));
        var listed = await brand.Client.GetJsonAsync($"api/v1/offers/{codes.OfferId}/codes?status=Deactivated");
        Assert.Equal([ana], listed.Items<PromoCodeResponse>().Select(c => c.MemberId));
    }

    [Fact]
    public async Task Reactivate_WhenTheCodeWasDeactivated_ShouldPutItBackOnItsDiscount()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var ana = codes.Member("ANA10");
        await brand.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { ana } });

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "reactivate", memberIds = new[] { ana } });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(StepOutcome.Ok, answer.Results()[ana].Outcome);
        Assert.Equal(PromoCodeStatus.Active, (await brand.CodesAsync(codes.OfferId))[ana].Status);
        var discount = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        Assert.Equal(TeamCodes, discount.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ChangeDates_WhenEveryCodeOfTheDiscountIsChosen_ShouldUpdateTheDiscountsDates()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var (startsAt, endsAt) = NewDates();

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "changeDates", memberIds = codes.MemberByCode.Values.ToArray(), startsAt, endsAt });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        Assert.All(answer.Results().Values, r => Assert.Equal(StepOutcome.Ok, r.Outcome));
        var discount = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        Assert.Equal((startsAt, endsAt), (discount.StartsAt, discount.EndsAt));
        Assert.Equal(TeamCodes, discount.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.All((await brand.CodesAsync(codes.OfferId)).Values, c =>
        {
            Assert.Equal(PromoCodeStatus.Scheduled, c.Status);
            Assert.Equal(startsAt, c.StartsAt);
            Assert.Equal(discount.Id, c.ShopifyDiscountId);
        });
    }

    [Fact]
    public async Task ChangeDates_WhenSomeCodesOfTheDiscountAreChosen_ShouldMoveThemToANewDiscountAndLeaveTheRest()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var original = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        var chosen = new[] { codes.Member("ANA10"), codes.Member("ZOE10") };
        var (startsAt, endsAt) = NewDates();

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "changeDates", memberIds = chosen, startsAt, endsAt });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        AssertMoved(brand, original, startsAt, endsAt);
        var listed = await brand.CodesAsync(codes.OfferId);
        var moved = ShopSnapshot.Of(brand.Shop).Discounts.Single(d => d.Id != original.Id);
        Assert.All(chosen, m => Assert.Equal(moved.Id, listed[m].ShopifyDiscountId));
        Assert.All(chosen, m => Assert.Equal(endsAt, listed[m].EndsAt));
        Assert.Equal(original.Id, listed[codes.Member("JOHN10")].ShopifyDiscountId);
        Assert.Equal(PromoCodeStatus.Active, listed[codes.Member("JOHN10")].Status);
    }

    [Fact]
    public async Task ChangeDates_WhenShopifyKeepsFailingHalfwayThroughAMove_ShouldEndFailedAndConvergeOnOneNewDiscountWhenResumed()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var original = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        var chosen = new[] { codes.Member("ANA10"), codes.Member("ZOE10") };
        var body = new { action = "changeDates", memberIds = chosen, startsAt = NewDates().StartsAt, endsAt = NewDates().EndsAt };
        var key = Guid.NewGuid().ToString();

        // The new discount gets created, then every bulk add fails: the chunk fails on each of its tries.
        brand.Shop.Faults.Add(new FaultRule(FaultKind.ServerError, Count: null, Operation: "discountRedeemCodeBulkAdd"));
        var failed = await brand.OperateAsync(codes.OfferId, body, key);
        brand.Shop.Faults.Clear();
        var resumed = await brand.OperateAsync(codes.OfferId, body, key);

        var stopped = failed.As<CodeOperationResponse>();
        Assert.Equal(CodeOperationStatus.Failed, stopped.Status);
        Assert.False(string.IsNullOrEmpty(stopped.FailureReason));
        Assert.Equal(2, stopped.Pending);
        Assert.All(failed.Results().Values, r => Assert.Equal(StepOutcome.Pending, r.Outcome));
        Assert.Equal(stopped.OperationId, resumed.As<CodeOperationResponse>().OperationId);
        Assert.True(resumed.As<CodeOperationResponse>().Status == CodeOperationStatus.Completed, resumed.Body.ToString());
        Assert.All(resumed.Results().Values, r => Assert.Equal(StepOutcome.Ok, r.Outcome));
        AssertMoved(brand, original, body.startsAt, body.endsAt);
    }

    [Fact]
    public async Task Deactivate_WhenMoreMembersThanOneChunk_ShouldChangeEveryCodeAndPageTheOutcomes()
    {
        using var brand = await stack.CreateBrandAsync();
        var people = Enumerable.Range(0, 260).Select(i => ($"Pat{i}", "Lee")).ToArray();
        var codes = await stack.SeedCodesAsync(brand, people);
        var members = codes.MemberByCode.Values.ToArray();

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = members });

        var operation = answer.As<CodeOperationResponse>();
        Assert.True(operation.Status == CodeOperationStatus.Completed, answer.Body.ToString());
        Assert.Equal((260, 260, 0, 0), (operation.Total, operation.Succeeded, operation.Failed, operation.Pending));
        Assert.Empty(ShopCodes(brand));
        var paged = new List<string>();
        var location = $"api/v1/code-operations/{operation.OperationId}";
        var query = location + "?pageSize=100";
        while (true)
        {
            var results = (await brand.Client.GetJsonAsync(query)).As<CodeOperationResponse>().Results!;
            paged.AddRange(results.Items.Select(r => r.MemberId));
            if (results.ContinuationToken is not { } token)
            {
                break;
            }

            query = $"{location}?pageSize=100&continuationToken={Uri.EscapeDataString(token)}";
        }

        Assert.Equal(members, paged);
    }

    [Fact]
    public async Task Operate_WhenTheSameKeyIsSentTwice_ShouldRunOnceAndAnswerTheSameOperation()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var ana = codes.Member("ANA10");
        var body = new { action = "rename", memberIds = new[] { ana }, codes = new Dictionary<string, string> { [ana] = "ANAONCE" } };
        var key = Guid.NewGuid().ToString();

        var first = await brand.OperateAsync(codes.OfferId, body, key);
        var requestsAfterFirst = ShopSnapshot.Of(brand.Shop).Requests;
        var second = await brand.OperateAsync(codes.OfferId, body, key);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(CodeOperationStatus.Completed, second.As<CodeOperationResponse>().Status);
        Assert.Equal(first.Body.ToString(), second.Body.ToString());
        Assert.Equal(requestsAfterFirst, ShopSnapshot.Of(brand.Shop).Requests);
        Assert.Equal(["ANAONCE", "JOHN10", "JOHN10B", "ZOE10"], ShopCodes(brand));

        var otherBody = await brand.OperateAsync(codes.OfferId, body with { codes = new Dictionary<string, string> { [ana] = "ANATWICE" } }, key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.Status);
        Assert.Equal(["ANAONCE", "JOHN10", "JOHN10B", "ZOE10"], ShopCodes(brand));
    }

    [Fact]
    public async Task Rename_WhenShopifyAnswersAreLost_ShouldStillEndWithExactlyTheNewCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand);
        var ana = codes.Member("ANA10");
        brand.Shop.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: 2, Operation: "mutation"));

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "rename", memberIds = new[] { ana }, codes = new Dictionary<string, string> { [ana] = "ANALOST" } });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        Assert.Equal(StepOutcome.Ok, answer.Results()[ana].Outcome);
        Assert.Equal(["ANALOST", "JOHN10", "JOHN10B", "ZOE10"], ShopCodes(brand));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"action":"rename","memberIds":["not-an-id"],"codes":{}}""", "memberIds[0]" },
        { """{"action":"deactivate","memberIds":[]}""", "memberIds" },
        { """{"action":"archive","memberIds":["MEMBER"]}""", "action" },
        { """{"action":"rename","memberIds":["MEMBER"],"codes":{"MEMBER":"AB C"}}""", "codes.MEMBER" },
        { """{"action":"changeDates","memberIds":["MEMBER"]}""", "startsAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Operate_WhenTheRequestIsInvalid_ShouldAnswer400NamingTheFieldAndChangeNothing(string body, string field)
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand, [("Ana", "Lopez")]);
        var ana = codes.Member("ANA10");
        var before = ShopSnapshot.Of(brand.Shop);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{codes.OfferId}/codes/operations")
        {
            Content = new StringContent(body.Replace("MEMBER", ana, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await brand.Client.SendAsync(request, ApiCalls.Ct);
        var text = await response.Content.ReadAsStringAsync(ApiCalls.Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains($"\"{field.Replace("MEMBER", ana, StringComparison.Ordinal)}\"", text);
        AssertUnchanged(brand, before);
    }

    [Fact]
    public async Task Operate_WhenAMemberHasNoCodeInTheOffer_ShouldAnswer422ListingThemAndChangeNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand, [("Ana", "Lopez")]);
        var stranger = Guid.NewGuid().ToString("N");
        var before = ShopSnapshot.Of(brand.Shop);

        var answer = await brand.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { codes.Member("ANA10"), stranger } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        var listed = Assert.Single(answer.As<MembersWithoutCodeProblem>().Members);
        Assert.Equal(stranger, listed.MemberId);
        AssertUnchanged(brand, before);
        Assert.Equal(PromoCodeStatus.Active, (await brand.CodesAsync(codes.OfferId))[codes.Member("ANA10")].Status);
    }

    [Fact]
    public async Task Operate_WhenTheIdempotencyKeyIsMissing_ShouldAnswer400()
    {
        using var brand = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(brand, [("Ana", "Lopez")]);

        var answer = await brand.Client.PostJsonAsync($"api/v1/offers/{codes.OfferId}/codes/operations", new { action = "deactivate", memberIds = new[] { codes.Member("ANA10") } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Idempotency-Key", answer.ErrorFields);
        Assert.Equal(["ANA10"], ShopCodes(brand));
    }

    [Fact]
    public async Task Operate_WhenTheOfferBelongsToAnotherBrand_ShouldAnswer404AndChangeNothing()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(owner, [("Ana", "Lopez")]);

        var answer = await other.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { codes.Member("ANA10") } });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(["ANA10"], ShopCodes(owner));
    }

    [Fact]
    public async Task Operate_WithoutTheCodesWriteScope_ShouldAnswer403()
    {
        using var brand = await stack.CreateBrandAsync(scopes: ["codes:read"]);

        var answer = await brand.OperateAsync(Guid.NewGuid().ToString("N"), new { action = "deactivate", memberIds = new[] { Guid.NewGuid().ToString("N") } });

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
    }

    [Fact]
    public async Task OpenApi_ShouldDescribeTheOperationEndpointsAndTheirProblems()
    {
        using var client = stack.CreateClient();
        var paths = (await client.GetJsonAsync("api/openapi/v1.json")).As<OpenApiDocumentShape>().Paths;

        var start = paths["/api/v1/offers/{offerId}/codes/operations"]["post"];
        var status = paths["/api/v1/code-operations/{operationId}"]["get"];

        Assert.False(string.IsNullOrEmpty(start.Summary));
        Assert.All(new[] { "202", "400", "404", "422" }, code => Assert.True(start.Responses.ContainsKey(code), code));
        Assert.All(new[] { "200", "404" }, code => Assert.True(status.Responses.ContainsKey(code), code));
    }

    [Fact]
    public async Task GetOperation_WhenTheOperationBelongsToAnotherBrand_ShouldAnswer404()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var codes = await stack.SeedCodesAsync(owner, [("Ana", "Lopez")]);
        var accepted = await owner.StartOperationAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { codes.Member("ANA10") } });

        var answer = await other.Client.GetJsonAsync(accepted.Response.Headers.Location!.OriginalString.TrimStart('/'));

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        await owner.WaitForOperationAsync(accepted.Response.Headers.Location!.OriginalString);
    }

    private static string[] ShopCodes(TestBrand brand) =>
        ShopSnapshot.Of(brand.Shop).Discounts.SelectMany(d => d.Codes).Select(c => c.Code).Order(StringComparer.Ordinal).ToArray();

    private static (DateTimeOffset StartsAt, DateTimeOffset EndsAt) NewDates()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(3);
        return (new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start.AddDays(30), TimeSpan.Zero));
    }

    private static void AssertMoved(TestBrand brand, DiscountSnapshot original, DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var discounts = ShopSnapshot.Of(brand.Shop).Discounts;
        Assert.Equal(2, discounts.Count);
        var left = discounts.Single(d => d.Id == original.Id);
        Assert.Equal(["JOHN10", "JOHN10B"], left.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal((original.StartsAt, original.EndsAt), (left.StartsAt, left.EndsAt));
        var moved = discounts.Single(d => d.Id != original.Id);
        Assert.Equal(["ANA10", "ZOE10"], moved.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal((startsAt, endsAt), (moved.StartsAt, moved.EndsAt));
        Assert.Equal((original.Title, original.Percentage, original.UsageLimit), (moved.Title, moved.Percentage, moved.UsageLimit));
    }

    private static void AssertUnchanged(TestBrand brand, ShopSnapshot before)
    {
        var after = ShopSnapshot.Of(brand.Shop);
        Assert.Equal(
            before.Discounts.Select(d => (d.Id, d.StartsAt, d.EndsAt, Codes: string.Join(',', d.Codes.Select(c => c.Code)))),
            after.Discounts.Select(d => (d.Id, d.StartsAt, d.EndsAt, Codes: string.Join(',', d.Codes.Select(c => c.Code)))));
    }

    private async Task CreateOutsideDiscountAsync(TestBrand brand, string code)
    {
        var shopify = stack.Services.GetRequiredService<IShopifyAdminClient>();
        var shop = new ShopifyShop(brand.ShopDomain, brand.Shop.Config.AccessToken);
        var created = await shopify.CreateDiscountAsync(shop, new DiscountCodeSpec("Staff", code, DateTimeOffset.UtcNow, null, new PercentageOff(50), DiscountItems.All), cancellationToken: ApiCalls.Ct);
        Assert.True(created.Succeeded);
    }

    /// <summary>The 422 problem of an operation naming members who hold no code of the offer.</summary>
    private sealed record MembersWithoutCodeProblem(IReadOnlyList<MemberWithoutCodeResponse> Members);
}
