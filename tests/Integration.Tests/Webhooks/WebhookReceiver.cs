using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Webhooks;

/// <summary>
/// A real HTTP listener on a loopback port standing in for a customer's endpoint. It checks each request's signature
/// the way the README tells receivers to (its own HMAC code, not the app's), records it, and answers with the next
/// scripted status (200 once the script runs out). A 3xx answer points at <c>/landed</c>, which records any visit.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;

    private WebhookReceiver(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    public string? Secret { get; set; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    private int _landedVisits;

    public int LandedVisits => Volatile.Read(ref _landedVisits);

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(params int[] script)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, script) { Url = new Uri($"http://127.0.0.1:{port}/hooks/promo") };
        app.MapPost("/hooks/promo", receiver.HandleAsync);
        app.MapMethods("/landed", ["GET", "POST"], () =>
        {
            Interlocked.Increment(ref receiver._landedVisits);
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return Received.ToArray();
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = request.Headers["X-PromoServerless-Timestamp"].ToString();
        var signature = request.Headers["X-PromoServerless-Signature"].ToString();
        Received.Enqueue(new ReceivedWebhook(request.Headers["X-PromoServerless-Event-Id"].ToString(), Encoding.UTF8.GetString(body), SignatureValid(timestamp, body, signature)));
        var status = _script.TryDequeue(out var next) ? next : StatusCodes.Status200OK;
        return status is >= 300 and < 400
            ? Results.Redirect(new Uri(Url, "/landed").ToString(), permanent: status == StatusCodes.Status301MovedPermanently, preserveMethod: status == StatusCodes.Status307TemporaryRedirect)
            : Results.StatusCode(status);
    }

    private bool SignatureValid(string timestamp, byte[] body, string signature)
    {
        if (Secret is null || !long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedWebhook(string EventId, string Body, bool SignatureValid);
