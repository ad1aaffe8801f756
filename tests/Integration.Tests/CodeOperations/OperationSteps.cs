using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Naming;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.CodeOperations;

/// <summary>An offer whose members hold codes on one Shopify discount, with each member's id by code, for operations to act on.</summary>
public sealed record GeneratedCodes(string OfferId, IReadOnlyDictionary<string, string> MemberByCode)
{
    public string Member(string code) => MemberByCode[code];
}

public static class OperationSteps
{
    /// <summary>John Doe gets JOHN10, John Smith JOHN10B, Ana Lopez ANA10 and Zoë Martin ZOE10, all on one discount.</summary>
    public static readonly (string, string)[] Team = [("John", "Doe"), ("John", "Smith"), ("Ana", "Lopez"), ("Zoë", "Martin")];

    /// <summary>
    /// What a finished generation leaves, written directly (generation is another feature's): the offer and its
    /// project members through the API, one discount in the simulator holding every member's code, and the code
    /// rows, code index entries and batch row. Codes are the first name folded to A-Z plus "10", a letter added on a clash.
    /// </summary>
    public static async Task<GeneratedCodes> SeedCodesAsync(this StackFixture stack, TestBrand brand, IEnumerable<(string First, string Last)>? people = null)
    {
        var chosen = (people ?? Team).ToArray();
        var setup = await brand.OfferWithProjectMembersAsync(chosen);
        var services = stack.Services;
        var brandId = new BrandId(brand.Id);
        var offer = (await services.GetRequiredService<OfferStore>().GetAsync(brandId, new OfferId(setup.OfferId), ApiCalls.Ct))!.Value;
        var memberIds = setup.MemberIdsByEmail.Values.Select(id => new MemberId(id)).ToArray();
        var codes = CodesFor(chosen);
        var now = DateTimeOffset.UtcNow;
        var batch = CodeBatch.Queue(CodeBatchId.New(), brandId, offer.Id, now.AddMinutes(-1), null, sendEmails: false, now);
        Assert.True((await services.GetRequiredService<CodeBatchStore>().InsertAsync(batch, ApiCalls.Ct)).IsOk);

        var shopify = services.GetRequiredService<IShopifyAdminClient>();
        var shop = new ShopifyShop(brand.ShopDomain, brand.Shop.Config.AccessToken);
        var created = await shopify.CreateDiscountAsync(shop, DiscountSpecs.For(offer.Definition, batch, codes[0]), cancellationToken: ApiCalls.Ct);
        Assert.True(created.Succeeded, string.Join("; ", created.UserErrors.Select(e => e.Message)));
        var discountId = created.Value!.Id;
        foreach (var slice in codes.Skip(1).Chunk(250))
        {
            var added = await shopify.AddCodesAsync(shop, discountId, slice, ApiCalls.Ct);
            Assert.Empty(added.UserErrors);
        }

        var rows = memberIds.Select((m, i) => new PromoCode(offer.Id, m, codes[i], PromoCodeStatus.Active, batch.StartsAt, null, batch.Id, discountId, null, now, now)).ToArray();
        await services.GetRequiredService<PromoCodeStore>().UpsertManyAsync(brandId, offer.Id, rows, ApiCalls.Ct);
        var index = services.GetRequiredService<CodeIndexStore>();
        foreach (var row in rows)
        {
            Assert.Equal(ReservationOutcome.Reserved, await index.ReserveAsync(brandId, row.Code, new CodeOwner(offer.Id, row.MemberId, batch.Id, now), ApiCalls.Ct));
        }

        return new GeneratedCodes(setup.OfferId, rows.ToDictionary(r => r.Code, r => r.MemberId.Value));
    }

    /// <summary>Posts the operation; on 202, follows its status resource until the operation ends and answers that final status.</summary>
    public static async Task<ApiAnswer> OperateAsync(this TestBrand brand, string offerId, object body, string? idempotencyKey = null)
    {
        var accepted = await brand.StartOperationAsync(offerId, body, idempotencyKey);
        return accepted.Status == HttpStatusCode.Accepted
            ? await brand.WaitForOperationAsync(accepted.Response.Headers.Location!.OriginalString)
            : accepted;
    }

    public static async Task<ApiAnswer> StartOperationAsync(this TestBrand brand, string offerId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/codes/operations") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await (await brand.Client.SendAsync(request, ApiCalls.Ct)).ReadAnswerAsync();
    }

    /// <summary>Polls an operation's status resource (a page of 1,000 results) until it is completed or failed.</summary>
    public static async Task<ApiAnswer> WaitForOperationAsync(this TestBrand brand, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        var path = location.TrimStart('/') + "?pageSize=1000";
        while (true)
        {
            var answer = await brand.Client.GetJsonAsync(path);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var status = answer.As<CodeOperationResponse>().Status;
            if (status is CodeOperationStatus.Completed or CodeOperationStatus.Failed)
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Operation still {status} after the timeout: {answer.Body}");
            await Task.Delay(200, ApiCalls.Ct);
        }
    }

    /// <summary>The offer's codes as the API lists them, by member id.</summary>
    public static async Task<Dictionary<string, PromoCodeResponse>> CodesAsync(this TestBrand brand, string offerId)
    {
        var listed = await brand.Client.GetJsonAsync($"api/v1/offers/{offerId}/codes?pageSize=1000");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return listed.As<PagedResponse<PromoCodeResponse>>().Items.ToDictionary(c => c.MemberId);
    }

    /// <summary>Each member's result in an operation's status, by member id.</summary>
    public static Dictionary<string, MemberOperationResult> Results(this ApiAnswer answer) =>
        answer.As<CodeOperationResponse>().Results!.Items.ToDictionary(r => r.MemberId);

    private static string[] CodesFor(IReadOnlyList<(string First, string Last)> people)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        return people.Select(p =>
        {
            var stem = CodeText.Normalize(p.First) + "10";
            var code = stem;
            for (var suffix = 'B'; !taken.Add(code); suffix++)
            {
                code = stem + suffix;
            }

            return code;
        }).ToArray();
    }
}
