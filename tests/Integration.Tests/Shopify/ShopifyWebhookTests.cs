using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Shopify;

public sealed class ShopifyWebhookTests(ShopifySimulatorFixture fixture) : IAsyncLifetime
{
    private readonly ConcurrentQueue<(byte[] Body, Dictionary<string, IEnumerable<string>> Headers)> _received = new();
    private WebApplication? _receiver;
    private string _receiverUrl = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/webhooks/shopify", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            _received.Enqueue((buffer.ToArray(), request.Headers.ToDictionary(h => h.Key, h => (IEnumerable<string>)h.Value.ToArray()!)));
            return Results.Ok();
        });
        await _receiver.StartAsync();
        var address = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _receiverUrl = address.TrimEnd('/') + "/webhooks/shopify";
    }

    public async ValueTask DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task OrdersPaidWebhook_WhenDelivered_ShouldCarryShopifysHeadersAndAValidSignature()
    {
        var (shop, state) = fixture.NewShop(webhookUrl: _receiverUrl, webhookSecret: "s3cret");
        await fixture.Client.CreateDiscountAsync(shop, new DiscountCodeSpec("Hooks", "HOOK10", DateTimeOffset.UtcNow.AddDays(-1), null, new PercentageOff(10), DiscountItems.All), cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = fixture.Simulator.BaseUri };

        using var response = await http.PostAsJsonAsync(
            $"_sim/shops/{shop.Domain}/orders",
            new PlaceOrderRequest(["hook10"], [new SimLineItem("Tee", 40m, 2)], AutomaticDiscountTitle: "Auto", AutomaticDiscountAmount: 3),
            TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var (body, headers) = Assert.Single(_received);
        Assert.True(ShopifyWebhookVerifier.IsValid(body, headers, "s3cret"));
        Assert.Equal("orders/paid", headers["X-Shopify-Topic"].Single());
        Assert.Equal(shop.Domain, headers["X-Shopify-Shop-Domain"].Single());
        Assert.Equal("2026-01", headers["X-Shopify-API-Version"].Single());
        Assert.NotEmpty(headers["X-Shopify-Webhook-Id"].Single());
        Assert.NotEmpty(headers["X-Shopify-Event-Id"].Single());
        Assert.NotEmpty(headers["X-Shopify-Triggered-At"].Single());
        var order = JsonNode.Parse(body)!;
        Assert.Equal("HOOK10", order["discount_codes"]![0]!["code"]!.ToString());
        Assert.Equal(["discount_code", "automatic"], order["discount_applications"]!.AsArray().Select(a => a!["type"]!.ToString()));
        Assert.Equal("11.00", order["total_discounts"]!.ToString());
        Assert.Equal(1, ShopSnapshot.Of(state).Discounts.Single().Codes.Single().UsageCount);
    }

    [Fact]
    public async Task RefundsCreateWebhook_WhenDelivered_ShouldBeSignedWithTheShopsSecret()
    {
        var (shop, state) = fixture.NewShop(webhookUrl: _receiverUrl, webhookSecret: "refund-secret");
        long orderId;
        lock (state.Gate)
        {
            orderId = OrderDesk.Place(state, new PlaceOrderRequest(DeliverWebhook: false)).Order!.Id;
        }

        using var http = new HttpClient { BaseAddress = fixture.Simulator.BaseUri };
        using var response = await http.PostAsJsonAsync($"_sim/shops/{shop.Domain}/orders/{orderId}/refunds", new RefundRequest(10m), TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var (body, headers) = Assert.Single(_received);
        Assert.Equal("refunds/create", headers["X-Shopify-Topic"].Single());
        Assert.True(ShopifyWebhookVerifier.IsValid(body, headers, "refund-secret"));
    }

    [Fact]
    public void Verify_WhenTheBodyIsTampered_ShouldFail()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":1,"total_price":"10.00"}""");
        var signature = ShopifyWebhookVerifier.Sign(body, "secret");
        var tampered = Encoding.UTF8.GetBytes("""{"id":1,"total_price":"99.00"}""");

        Assert.True(ShopifyWebhookVerifier.IsValid(body, signature, "secret"));
        Assert.False(ShopifyWebhookVerifier.IsValid(tampered, signature, "secret"));
    }

    [Fact]
    public void Verify_WhenTheSecretIsWrong_ShouldFail()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":1}""");

        Assert.False(ShopifyWebhookVerifier.IsValid(body, ShopifyWebhookVerifier.Sign(body, "secret"), "other-secret"));
    }

    [Fact]
    public void Verify_WhenTheHeaderNameIsLowerCaseOrTheSignatureIsGarbage_ShouldReadItOrFail()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":1}""");
        var headers = new Dictionary<string, IEnumerable<string>> { ["x-shopify-hmac-sha256"] = [ShopifyWebhookVerifier.Sign(body, "secret")] };

        Assert.True(ShopifyWebhookVerifier.IsValid(body, headers, "secret"));
        Assert.False(ShopifyWebhookVerifier.IsValid(body, "not base64!", "secret"));
        Assert.False(ShopifyWebhookVerifier.IsValid(body, (string?)null, "secret"));
    }
}
