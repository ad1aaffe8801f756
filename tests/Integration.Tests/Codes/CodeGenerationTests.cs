using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Naming;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Codes;
using PromoServerless.Infra.Shopify;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Codes;

public sealed class CodeGenerationTests(StackFixture stack)
{
    private static readonly (string, string)[] Team = [("John", "Doe"), ("John", "Smith"), ("Ana", "Lopez"), ("Zoë", "Martin")];

    [Fact]
    public async Task Preview_ShouldShowEachMembersCodeAndChangeNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);

        var preview = await brand.Client.PostJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches/preview", new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var codes = preview.As<CodeBatchPreviewResponse>().Members.Select(m => m.Code!).ToArray();
        Assert.Equal(["ANA10", "JOHN10", "JOHN10B", "ZOE10"], codes.Order(StringComparer.Ordinal));
        Assert.Empty(ShopSnapshot.Of(brand.Shop).Discounts);
        var listed = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes");
        Assert.Empty(listed.As<PagedResponse<PromoCodeResponse>>().Items);
    }

    [Fact]
    public async Task Generate_ShouldCreateEveryMembersCodeInShopifyOnOneDiscount()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);

        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.NotNull(accepted.Response.Headers.RetryAfter);
        var batchId = accepted.BatchId();
        Assert.EndsWith($"/api/v1/code-batches/{batchId}", accepted.Response.Headers.Location!.ToString());

        var batch = (await brand.WaitForBatchDetailAsync(batchId)).Batch;
        Assert.Equal(CodeBatchStatus.Completed, batch.Status);
        Assert.Equal(4, batch.Created);
        Assert.Equal(100, batch.Percent);

        var discount = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        Assert.Equal("Creators summer", discount.Title);
        Assert.Equal(["ANA10", "JOHN10", "JOHN10B", "ZOE10"], discount.Codes.Select(c => c.Code).Order(StringComparer.Ordinal));

        var codes = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes?status=Active");
        Assert.Equal(4, codes.As<PagedResponse<PromoCodeResponse>>().Items.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(120)]
    [InlineData(250)]
    [InlineData(1000)]
    public async Task BatchItems_WhenPagedAcrossChunks_ShouldListEveryMemberOnceAndEndWithoutAToken(int pageSize)
    {
        using var brand = await stack.CreateBrandAsync();
        var people = Enumerable.Range(0, 520).Select(i => ($"Member{i:D3}", "Pager")).ToArray();
        var setup = await brand.OfferWithProjectMembersAsync(people);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var batchId = accepted.BatchId();
        await brand.WaitForBatchAsync(batchId);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"api/v1/code-batches/{batchId}?pageSize={pageSize}" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await brand.Client.GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var detail = page.As<CodeBatchDetailResponse>();
            Assert.InRange(detail.Items.Count, 1, pageSize);
            seen.AddRange(detail.Items.Select(i => i.MemberId));
            token = detail.ContinuationToken;
            pages++;
        }
        while (token is not null && pages <= 600);

        Assert.Equal(setup.MemberIdsByEmail.Values.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal((520 + pageSize - 1) / pageSize, pages);
    }

    [Fact]
    public async Task BatchStatus_WhenAskedForNoItems_ShouldAnswerTheCountsAlone()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var batchId = accepted.BatchId();
        await brand.WaitForBatchAsync(batchId);

        var status = await brand.Client.GetJsonAsync($"api/v1/code-batches/{batchId}?pageSize=0");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        var detail = status.As<CodeBatchDetailResponse>();
        Assert.Equal(4, detail.Batch.Created);
        Assert.Empty(detail.Items);
        Assert.Null(detail.ContinuationToken);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("YWJj")]
    public async Task BatchItems_WhenTheTokenWasNotIssuedByUs_ShouldAnswer400NamingIt(string token)
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var batchId = accepted.BatchId();

        var page = await brand.Client.GetJsonAsync($"api/v1/code-batches/{batchId}?continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("continuationToken", page.ErrorFields);
    }

    [Fact]
    public async Task Generate_WhenTheSameKeyIsSentAgain_ShouldAnswerTheSameBatchAndCreateNothingMore()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var body = new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        var key = Guid.NewGuid().ToString();

        var first = await brand.GenerateAsync(setup.OfferId, body, key);
        var second = await brand.GenerateAsync(setup.OfferId, body, key);

        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        var id = first.BatchId();
        Assert.Equal(id, second.BatchId());
        await brand.WaitForBatchAsync(id);
        Assert.Equal(4, ShopSnapshot.Of(brand.Shop).Discounts.Sum(d => d.Codes.Count));
    }

    [Fact]
    public async Task Generate_WhenEightRequestsCarryTheSameKeyAndBodyAtOnce_ShouldAnswerOneBatchRunByOneOrchestration()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var body = new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => brand.GenerateAsync(setup.OfferId, body, key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        var id = Assert.Single(answers.Select(a => a.BatchId()).Distinct());
        await brand.WaitForBatchAsync(id);
        var batches = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches");
        Assert.Equal(id, Assert.Single(batches.As<PagedResponse<CodeBatchResponse>>().Items).Id);
        using var hub = TaskHub.Of(stack.Azurite.ConnectionString, stack.Settings);
        Assert.Equal(["GenerateCodes: Completed"], await hub.ExecutionsAsync(id));
        var discount = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        Assert.Equal(4, discount.Codes.Count);
    }

    [Fact]
    public async Task Generate_WhenTheKeyIsReusedForAnotherBody_ShouldAnswer422()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var key = Guid.NewGuid().ToString();
        await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow }, key);

        var reused = await brand.GenerateAsync(setup.OfferId, new { memberIds = setup.MemberIdsByEmail.Values.Take(1).ToArray(), startsAt = DateTimeOffset.UtcNow }, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
    }

    [Fact]
    public async Task Generate_WithoutIdempotencyKey_ShouldAnswer400AndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);

        var answer = await brand.Client.PostJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches", new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Idempotency-Key", answer.ErrorFields);
        var batches = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches");
        Assert.Empty(batches.As<PagedResponse<CodeBatchResponse>>().Items);
    }

    [Fact]
    public async Task Generate_WhenInputIsInvalid_ShouldNameEachFieldAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);

        var answer = await brand.GenerateAsync(setup.OfferId, new { memberIds = new[] { "nope", new string('a', 32) }, endsAt = DateTimeOffset.UtcNow.AddDays(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("memberIds[0]", answer.ErrorFields);
        Assert.Contains("startsAt", answer.ErrorFields);
        Assert.Contains("endsAt", answer.ErrorFields);
        Assert.Empty(ShopSnapshot.Of(brand.Shop).Discounts);
    }

    [Fact]
    public async Task Generate_WhenACodeIsTakenOutsideTheProduct_ShouldGiveTheMemberTheNextCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync([("Ana", "Lopez"), ("Ben", "Okafor")]);
        var shopify = stack.Services.GetRequiredService<IShopifyAdminClient>();
        var shop = new ShopifyShop(brand.ShopDomain, brand.Shop.Config.AccessToken);
        var manual = await shopify.CreateDiscountAsync(shop, new DiscountCodeSpec("Staff", "ana10", DateTimeOffset.UtcNow, null, new PercentageOff(50), DiscountItems.All), cancellationToken: ApiCalls.Ct);
        Assert.True(manual.Succeeded);

        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var done = await brand.WaitForBatchDetailAsync(accepted.BatchId());

        Assert.Equal(CodeBatchStatus.Completed, done.Batch.Status);
        var codes = done.Items.Select(i => i.Code!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["ANA10B", "BEN10"], codes);
        var all = ShopSnapshot.Of(brand.Shop).Discounts.SelectMany(d => d.Codes).Select(c => c.Code.ToUpperInvariant()).ToArray();
        Assert.Single(all, c => c == "ANA10");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Generate_WhenMembersAlreadyHaveCodes_ShouldReportThemAsFailedItemsAndGenerateTheOthers(bool skipInvalid)
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var holders = setup.MemberIdsByEmail.Values.Take(2).ToArray();
        var first = await brand.GenerateAsync(setup.OfferId, new { memberIds = holders, startsAt = DateTimeOffset.UtcNow });
        await brand.WaitForBatchAsync(first.BatchId());

        var again = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow, skipInvalid });

        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        var done = await brand.WaitForBatchDetailAsync(again.BatchId());
        Assert.Equal(CodeBatchStatus.CompletedWithErrors, done.Batch.Status);
        Assert.Equal(2, done.Batch.Created);
        Assert.Equal(2, done.Batch.Failed);
        var failed = done.Items.Where(i => i.State == BatchItemState.Failed).ToArray();
        Assert.Equal(holders.Order(StringComparer.Ordinal), failed.Select(i => i.MemberId).Order(StringComparer.Ordinal));
        Assert.All(failed, i => Assert.False(string.IsNullOrEmpty(i.FailureReason)));
        Assert.All(failed, i => Assert.Equal(CodeFailureKind.MemberHasLiveCode, i.FailureKind));
        Assert.Equal(4, ShopSnapshot.Of(brand.Shop).Discounts.Sum(d => d.Codes.Count));
    }

    [Fact]
    public async Task Generate_WhenAMemberIdNamesNoMember_ShouldReportThatMemberAndGenerateTheOthers()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var unknown = Guid.NewGuid().ToString("N");

        var accepted = await brand.GenerateAsync(setup.OfferId, new { memberIds = setup.MemberIdsByEmail.Values.Take(1).Append(unknown).ToArray(), startsAt = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var done = await brand.WaitForBatchDetailAsync(accepted.BatchId());
        Assert.Equal(CodeBatchStatus.CompletedWithErrors, done.Batch.Status);
        var reported = Assert.Single(done.Items, i => i.MemberId == unknown);
        Assert.Equal(BatchItemState.Failed, reported.State);
        Assert.Equal(CodeFailureKind.UnknownMember, reported.FailureKind);
        Assert.Single(Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts).Codes);
    }

    [Fact]
    public async Task Generate_WhenNoChosenMemberCanGetACode_ShouldFailTheBatchWithoutTouchingShopify()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);

        var accepted = await brand.GenerateAsync(setup.OfferId, new { memberIds = new[] { Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N") }, startsAt = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var done = await brand.WaitForBatchDetailAsync(accepted.BatchId());
        Assert.Equal(CodeBatchStatus.Failed, done.Batch.Status);
        Assert.Equal(2, done.Batch.Failed);
        Assert.Empty(ShopSnapshot.Of(brand.Shop).Discounts);
    }

    [Fact]
    public async Task ListBatches_ShouldPageTheOffersGenerationsWithAContinuationToken()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var ids = new List<string>();
        foreach (var member in setup.MemberIdsByEmail.Values.Take(3))
        {
            var accepted = await brand.GenerateAsync(setup.OfferId, new { memberIds = new[] { member }, startsAt = DateTimeOffset.UtcNow });
            ids.Add(accepted.BatchId());
        }

        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches?pageSize=2" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}"));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var batches = page.As<PagedResponse<CodeBatchResponse>>();
            Assert.InRange(batches.Items.Count, 0, 2);
            listed.AddRange(batches.Items.Select(i => i.Id));
            token = batches.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListBatches_WhenTheOfferIsAnotherBrands_ShouldAnswer404()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var setup = await owner.OfferWithProjectMembersAsync(Team);

        var listed = await other.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/code-batches");

        Assert.Equal(HttpStatusCode.NotFound, listed.Status);
    }

    [Fact]
    public async Task Generate_WhenShopifyThrottlesAndFails_ShouldStillCreateEachCodeOnce()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        brand.Shop.Faults.Add(new FaultRule(FaultKind.Throttled, Count: 2));
        brand.Shop.Faults.Add(new FaultRule(FaultKind.ServerError, Count: 2));
        brand.Shop.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: 2, Operation: "mutation"));

        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var done = await brand.WaitForBatchDetailAsync(accepted.BatchId());

        Assert.Equal(4, done.Batch.Created);
        var discount = Assert.Single(ShopSnapshot.Of(brand.Shop).Discounts);
        Assert.Equal(4, discount.Codes.Count);
    }

    [Fact]
    public async Task ScheduledCodes_WhenTheirStartPasses_ShouldBeStoredAsActiveByTheStatusTimer()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync(Team);
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(10);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt });
        await brand.WaitForBatchAsync(accepted.BatchId());
        var scheduled = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes?status=Scheduled");
        Assert.Equal(4, scheduled.As<PagedResponse<PromoCodeResponse>>().Items.Count);

        await Task.Delay(startsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200), ApiCalls.Ct);
        var changed = await stack.Services.GetRequiredService<CodeStatusRefresher>().RunAsync(ApiCalls.Ct);

        Assert.True(changed >= 4, $"The timer changed {changed} codes.");
        var active = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes?status=Active");
        Assert.Equal(4, active.As<PagedResponse<PromoCodeResponse>>().Items.Count);
    }

    [Fact]
    public async Task AnotherBrand_ShouldNeitherSeeNorUseThisBrandsBatchesCodesOrProjects()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var setup = await owner.OfferWithProjectMembersAsync(Team);
        var accepted = await owner.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow });
        var batchId = accepted.BatchId();
        await owner.WaitForBatchAsync(batchId);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/code-batches/{batchId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes")).Status);
        var otherSetup = await other.OfferWithProjectMembersAsync([("Ana", "Lopez")]);
        var borrowedProject = await other.GenerateAsync(otherSetup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.BadRequest, borrowedProject.Status);
        Assert.Contains("projectIds[0]", borrowedProject.ErrorFields);

        var borrowedMember = await other.GenerateAsync(otherSetup.OfferId, new { memberIds = setup.MemberIdsByEmail.Values.Take(1).ToArray(), startsAt = DateTimeOffset.UtcNow });
        var refused = await other.WaitForBatchAsync(borrowedMember.BatchId());
        Assert.Equal(CodeBatchStatus.Failed, refused.As<CodeBatchDetailResponse>().Batch.Status);
        Assert.Empty(ShopSnapshot.Of(other.Shop).Discounts);
        Assert.Equal(4, Assert.Single(ShopSnapshot.Of(owner.Shop).Discounts).Codes.Count);
    }
}
