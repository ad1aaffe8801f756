using PromoServerless.Infra.Shopify;

namespace PromoServerless.Integration.Tests.Shopify;

/// <summary>Shopify's per-code errors become a refusal kind from their error codes; the messages play no part.</summary>
public sealed class CodeRefusalTests
{
    [Theory]
    [InlineData("TAKEN", "Anything at all", CodeRefusal.Taken)]
    [InlineData("TOO_LONG", "Code must be unique (but this is about length)", CodeRefusal.Invalid)]
    [InlineData("INVALID", "Code has been taken", CodeRefusal.Invalid)]
    [InlineData(null, "Code must be unique. Please try a different code.", CodeRefusal.Unclassified)]
    public void Refusal_ShouldFollowShopifysErrorCodeNotItsMessage(string? code, string message, CodeRefusal expected)
    {
        var outcome = new CodeImportOutcome("ANA10", false, [new ShopifyUserError(code, ["code"], message)]);

        Assert.Equal(expected, outcome.Refusal);
    }

    [Fact]
    public void Refusal_WhenOneOfSeveralErrorsIsTaken_ShouldBeTaken()
    {
        var outcome = new CodeImportOutcome("ANA10", false, [new ShopifyUserError("INVALID", [], "x"), new ShopifyUserError("TAKEN", [], "y")]);

        Assert.Equal(CodeRefusal.Taken, outcome.Refusal);
    }

    [Fact]
    public void Refusal_WhenImported_ShouldBeNone()
    {
        Assert.Null(new CodeImportOutcome("ANA10", true, []).Refusal);
        Assert.Equal(CodeRefusal.Unclassified, new CodeImportOutcome("ANA10", false, []).Refusal);
    }
}
