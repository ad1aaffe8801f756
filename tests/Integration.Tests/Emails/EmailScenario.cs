using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Emails;

/// <summary>A member written for a test, with the code (if any) written for them.</summary>
public sealed record SeededMember(MemberId Id, string Name, string? Email, string? Code);

/// <summary>
/// One test's brand with an offer, members and codes written straight into storage (the code pipeline is
/// another feature's): what an email send starts from.
/// </summary>
public sealed class EmailScenario : IDisposable
{
    public static readonly DateTimeOffset CodeStart = new(2026, 6, 5, 4, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CodeEnd = new(2026, 6, 30, 16, 30, 0, TimeSpan.Zero);

    private readonly StackFixture _stack;

    private EmailScenario(StackFixture stack, TestBrand brand, OfferId offer)
    {
        _stack = stack;
        Brand = brand;
        Offer = offer;
    }

    public TestBrand Brand { get; }

    public BrandId BrandId => new(Brand.Id);

    public OfferId Offer { get; }

    public HttpClient Client => Brand.Client;

    public string BrandName => "Brand " + Brand.ShopDomain;

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<EmailScenario> CreateAsync(StackFixture stack)
    {
        var brand = await stack.CreateBrandAsync();
        var draft = new OfferDraft
        {
            Name = "Summer Glow",
            Description = "Our summer range",
            PayoutOptions = [new PayoutOptionDraft { Label = "Standard", Type = "CPS", Percent = 10m }],
            GroupName = "Summer creators",
            NamingStrategy = new NamingStrategyDraft { Preset = "firstNameDiscount" },
            Discount = new DiscountDraft { Type = "percentage", Value = 15m },
            Restrictions = new RestrictionsDraft(),
            HoldingPeriodDays = 30,
        };
        var definition = OfferValidator.Validate(draft, "USD").Value;
        var offer = Domain.Offers.Offer.Create(OfferId.New(), new BrandId(brand.Id), definition, DateTimeOffset.UtcNow);
        var written = await stack.Services.GetRequiredService<OfferStore>().CreateAsync(offer, Cancel);
        Assert.Equal(OfferWriteStatus.Saved, written.Status);
        return new EmailScenario(stack, brand, offer.Id);
    }

    public static string UniqueAddress(string label) => $"{label}.{Guid.NewGuid():N}@members.example.test";

    public T Service<T>()
        where T : notnull => _stack.Services.GetRequiredService<T>();

    /// <summary>Writes a member and, unless <paramref name="code"/> is null, their code in the offer.</summary>
    public async Task<SeededMember> AddMemberAsync(
        string name, string? email, string? code, PromoCodeStatus status = PromoCodeStatus.Active, CodeBatchId? batch = null)
    {
        var now = DateTimeOffset.UtcNow;
        var id = MemberId.New();
        var profile = new MemberProfile(name, null, null, email, null, "ext-" + id.Value);
        await Service<MemberStore>().SaveImportAsync(BrandId, [new Member(id, BrandId, profile, now, now)], [], Cancel);
        if (code is not null)
        {
            var promo = new PromoCode(Offer, id, code, status, CodeStart, CodeEnd, batch ?? CodeBatchId.New(), null, null, now, now);
            await Service<PromoCodeStore>().UpsertManyAsync(BrandId, Offer, [promo], Cancel);
        }

        return new SeededMember(id, name, email, code);
    }

    public Task<SeededMember> AddEmailableAsync(string firstName, string code) =>
        AddMemberAsync(firstName + " Tester", UniqueAddress(firstName.ToLowerInvariant()), code);

    public async Task<ApiAnswer> PostSendAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{Offer}/email-sends") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await (await Client.SendAsync(request, Cancel)).ReadAnswerAsync();
    }

    /// <summary>Starts a send and answers its id (asserting 202).</summary>
    public async Task<string> StartSendAsync(object body, string? idempotencyKey = null)
    {
        var answer = await PostSendAsync(body, idempotencyKey);
        Assert.True(answer.Status == HttpStatusCode.Accepted, $"{answer.Status}: {answer.Body}");
        return answer.AsExactly<EmailSendResponse>().Id;
    }

    public async Task<EmailSendResponse> GetSendAsync(string sendId, string query = "")
    {
        var answer = await Client.GetJsonAsync($"api/v1/email-sends/{sendId}{query}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.AsExactly<EmailSendResponse>();
    }

    /// <summary>Polls the send until it is no longer scheduled or sending.</summary>
    public async Task<EmailSendResponse> WaitForCompletionAsync(string sendId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var send = await GetSendAsync(sendId);
            if (send.Status is EmailSendStatus.Completed or EmailSendStatus.CompletedWithErrors)
            {
                return send;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Send {sendId} is still {send.Status}: {send}");
            }

            await Task.Delay(100, Cancel);
        }
    }

    public void Dispose() => Brand.Dispose();
}
