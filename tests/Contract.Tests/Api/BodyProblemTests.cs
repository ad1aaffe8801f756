using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PromoServerless.Domain.Access;
using PromoServerless.Functions.Access;

namespace PromoServerless.Contract.Tests.Api;

/// <summary>
/// In the Production environment, a body the API cannot bind answers a ProblemDetails whose <c>errors</c> name the
/// field (or <c>$</c> for the whole body), before the handler runs. (The 413 for an oversized body needs a real
/// server's body limit: the integration tests cover it.)
/// </summary>
public sealed class BodyProblemTests(InProcessApp app) : IClassFixture<InProcessApp>
{
    private static readonly ClaimsPrincipal Brand = new(new ClaimsIdentity(
        [new Claim(ApiKeyAuthenticationHandler.BrandClaim, "brand-under-test"), new Claim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.OffersWrite)],
        ApiKeyAuthenticationHandler.SchemeName));

    [Fact]
    public async Task CreateOffer_WhenANestedFieldIsUnknown_ShouldNameItAndSayToCheckTheSpelling()
    {
        var answer = await CreateOfferAsync("""{"name":"A","groupName":"G","discount":{"type":"percentage","value":10,"amount":3}}""");

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["discount.amount"], errors.Select(e => e.Key));
        Assert.Contains("not part of the request", Message(errors, "discount.amount"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenAFieldHasTheWrongType_ShouldNameItAndTheExpectedType()
    {
        var answer = await CreateOfferAsync("""{"name":"A","groupName":"G","usageLimitPerCode":"ten","discount":{"type":"percentage","value":10}}""");

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["usageLimitPerCode"], errors.Select(e => e.Key));
        Assert.Contains("wrong type", Message(errors, "usageLimitPerCode"), StringComparison.Ordinal);
        Assert.Contains("a whole number", Message(errors, "usageLimitPerCode"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenANestedFlagIsNotABoolean_ShouldNameItsPathAndSayTrueOrFalse()
    {
        var answer = await CreateOfferAsync("""{"name":"A","groupName":"G","restrictions":{"oncePerCustomer":"yes"},"discount":{"type":"percentage","value":10}}""");

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["restrictions.oncePerCustomer"], errors.Select(e => e.Key));
        Assert.Contains("true or false", Message(errors, "restrictions.oncePerCustomer"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenAnArrayItemHasTheWrongShape_ShouldNameTheItemByIndex()
    {
        var answer = await CreateOfferAsync("""{"name":"A","groupName":"G","payoutOptions":[{"label":"x","type":"CPA","flatAmount":1},{"label":"y","type":"CPA","flatAmount":"one"}],"discount":{"type":"percentage","value":10}}""");

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["payoutOptions[1].flatAmount"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task CreateOffer_WhenTheBodyIsNotJson_ShouldNameTheBodyAndWhereItBreaks()
    {
        var answer = await CreateOfferAsync("""{"name": "A", "groupName": """);

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["$"], errors.Select(e => e.Key));
        Assert.Contains("line 1", Message(errors, "$"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenTheBodyIsAnArray_ShouldNameTheBody()
    {
        var answer = await CreateOfferAsync("[1]");

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["$"], errors.Select(e => e.Key));
        Assert.Contains("an object", Message(errors, "$"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOffer_WhenThereIsNoBody_ShouldNameTheBody()
    {
        var answer = await app.InvokeAsync("CreateOffer", HttpMethods.Post, "/api/v1/offers", jsonBody: null, Brand);

        var errors = AssertProblem(answer, StatusCodes.Status400BadRequest);
        Assert.Equal(["$"], errors.Select(e => e.Key));
    }

    private Task<InProcessAnswer> CreateOfferAsync(string body) =>
        app.InvokeAsync("CreateOffer", HttpMethods.Post, "/api/v1/offers", body, Brand);

    private static JsonObject AssertProblem(InProcessAnswer answer, int status)
    {
        Assert.True(answer.Status == status, $"{answer.Status}: {answer.Text}");
        Assert.Equal("application/problem+json", answer.ContentType?.Split(';')[0]);
        var errors = answer.Json["errors"];
        Assert.True(errors is JsonObject, $"no errors in {answer.Text}");
        return errors.AsObject();
    }

    private static string Message(JsonObject errors, string field) => (string)errors[field]!.AsArray()[0]!;
}
