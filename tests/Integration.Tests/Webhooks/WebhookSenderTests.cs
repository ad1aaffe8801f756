using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Infra.Webhooks;

namespace PromoServerless.Integration.Tests.Webhooks;

/// <summary>The sender and its address guard on their own, against a real loopback listener.</summary>
public sealed class WebhookSenderTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"code.created","time":"2026-06-01T00:00:00Z","data":{}}""");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Send_WhenTheHostIsLoopbackAndLoopbackIsNotAllowed_ShouldSendNothingAndReportABlockedAddress(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var sender = Sender(allowLoopback: false);
        var url = new UriBuilder(receiver.Url) { Host = host }.Uri;

        var result = await sender.SendAsync(new WebhookMessage(url, "whsec_test", "evt_1", "code.created", 1, Body), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryErrorKind.BlockedAddress, result.ErrorKind);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Send_WhenAllowed_ShouldPostTheBodySignedOverTimestampAndBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(202);
        receiver.Secret = "whsec_test";
        var sender = Sender(allowLoopback: true);

        var result = await sender.SendAsync(new WebhookMessage(receiver.Url, "whsec_test", "evt_1", "code.created", 1, Body), TestContext.Current.CancellationToken);

        Assert.True(result.Delivered);
        Assert.Equal(202, result.StatusCode);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(("evt_1", Encoding.UTF8.GetString(Body), true), (received.EventId, received.Body, received.SignatureValid));
    }

    [Theory]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Guard_ShouldAllowPublicUnicastOnly(string address, bool allowed) =>
        Assert.Equal(allowed, new WebhookAddressGuard(allowLoopback: false).Allows(IPAddress.Parse(address)));

    [Fact]
    public void Guard_ShouldRefuseMetadataNamesWhateverTheyResolveTo()
    {
        var guard = new WebhookAddressGuard(allowLoopback: true);

        Assert.False(guard.AllowsHostName("metadata.google.internal"));
        Assert.False(guard.AllowsHostName("METADATA.GOOGLE.INTERNAL."));
        Assert.True(guard.AllowsHostName("hooks.example.com"));
    }

    [Fact]
    public void Signature_ShouldVerifyOnlyTheSignedTimestampAndBody()
    {
        var signature = WebhookSignature.Sign("whsec_test", 1_780_000_000, Body);

        Assert.True(WebhookSignature.Verify("whsec_test", "1780000000", Body, signature));
        Assert.False(WebhookSignature.Verify("whsec_test", "1780000001", Body, signature));
        Assert.False(WebhookSignature.Verify("whsec_other", "1780000000", Body, signature));
        Assert.False(WebhookSignature.Verify("whsec_test", "1780000000", [.. Body, (byte)' '], signature));
    }

    private static WebhookSender Sender(bool allowLoopback)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new WebhookOptions { AllowLoopbackHttp = allowLoopback }));
        WebhookSender.AddClient(services);
        services.AddSingleton<WebhookSender>();
        return services.BuildServiceProvider().GetRequiredService<WebhookSender>();
    }
}
