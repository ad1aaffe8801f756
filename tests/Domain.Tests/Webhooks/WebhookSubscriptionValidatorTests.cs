using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;

namespace PromoServerless.Domain.Tests.Webhooks;

public sealed class WebhookSubscriptionValidatorTests
{
    [Fact]
    public void Validate_WhenHttpsAndKnownTypes_ShouldKeepEachTypeOnce()
    {
        var result = WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft("https://hooks.example.com/promo?x=1", ["code.created", "code.created", "payout.paid"], "  Zap  "), allowLoopbackHttp: false);

        Assert.True(result.IsValid);
        Assert.Equal([EventType.CodeCreated, EventType.PayoutPaid], result.Value.EventTypes);
        Assert.Equal("Zap", result.Value.Description);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hooks.example.com/promo")]
    [InlineData("http://hooks.example.com/promo")]
    [InlineData("ftp://hooks.example.com/promo")]
    [InlineData("https://user:secret@hooks.example.com/promo")]
    [InlineData("https://hooks.example.com/promo#part")]
    [InlineData("http://127.0.0.1:8080/hook")]
    public void Validate_WhenTheUrlIsNotAPlainHttpsUrl_ShouldNameTheUrl(string? url)
    {
        var result = WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft(url, ["code.created"], null), allowLoopbackHttp: false);

        Assert.Equal(["url"], result.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://[::1]:8080/hook")]
    public void Validate_WhenLoopbackHttpIsAllowed_ShouldAcceptLoopbackOnly(string url)
    {
        Assert.True(WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft(url, ["code.created"], null), allowLoopbackHttp: true).IsValid);
        Assert.False(WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft("http://hooks.example.com/x", ["code.created"], null), allowLoopbackHttp: true).IsValid);
    }

    [Fact]
    public void Validate_WhenEventTypesAreMissingOrUnknown_ShouldNameEachField()
    {
        var none = WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft("https://hooks.example.com", [], null), false);
        var unknown = WebhookSubscriptionValidator.Validate(new WebhookSubscriptionDraft("https://hooks.example.com", ["code.created", "code_batch.done", null], null), false);

        Assert.Equal(["eventTypes"], none.Errors.Select(e => e.Field));
        Assert.Equal(["eventTypes[1]", "eventTypes[2]"], unknown.Errors.Select(e => e.Field));
    }
}
