using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.CodeOperations;

/// <summary>An offer whose members' codes are generated, with each member's id by code, for operations to act on.</summary>
public sealed record GeneratedCodes(string OfferId, IReadOnlyDictionary<string, string> MemberByCode)
{
    public string Member(string code) => MemberByCode[code];
}

public static class OperationSteps
{
    /// <summary>John Doe gets JOHN10, John Smith JOHN10B, Ana Lopez ANA10 and Zoë Martin ZOE10, all on one discount.</summary>
    public static readonly (string, string)[] Team = [("John", "Doe"), ("John", "Smith"), ("Ana", "Lopez"), ("Zoë", "Martin")];

    public static async Task<GeneratedCodes> GenerateCodesAsync(this TestBrand brand, IEnumerable<(string First, string Last)>? people = null)
    {
        var setup = await brand.OfferWithProjectMembersAsync(people ?? Team);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Body.ToString());
        var done = await brand.WaitForBatchAsync(accepted.Body.GetProperty("batch").GetProperty("id").GetString()!);
        Assert.Equal("completed", done.GetProperty("batch").GetProperty("status").GetString());
        var codes = await brand.CodesAsync(setup.OfferId);
        return new GeneratedCodes(setup.OfferId, codes.ToDictionary(c => c.Value.GetProperty("code").GetString()!, c => c.Key));
    }

    public static async Task<ApiAnswer> OperateAsync(this TestBrand brand, string offerId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/codes/operations") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        var response = await brand.Client.SendAsync(request, ApiCalls.Ct);
        var text = await response.Content.ReadAsStringAsync(ApiCalls.Ct);
        return new ApiAnswer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>The offer's codes as the API lists them, by member id.</summary>
    public static async Task<Dictionary<string, JsonElement>> CodesAsync(this TestBrand brand, string offerId)
    {
        var listed = await brand.Client.GetJsonAsync($"api/v1/offers/{offerId}/codes?pageSize=1000");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        return listed.Body.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("memberId").GetString()!, c => c);
    }

    /// <summary>Each member's result in an operation's answer, by member id.</summary>
    public static Dictionary<string, JsonElement> Results(this ApiAnswer answer) =>
        answer.Body.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("memberId").GetString()!, r => r);

    public static string Outcome(this JsonElement result) => result.GetProperty("outcome").GetString()!;
}
