using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PromoServerless.TestStack;

namespace PromoServerless.LocalRun;

/// <summary>
/// The demo's webhook receiver: a tiny HTTP listener on a loopback port, subscribed to the brand's events before the
/// generation starts. It checks each delivery's signature as a receiver should (HMAC-SHA256 of "{timestamp}.{body}"
/// with the subscription's secret) and answers 200.
/// </summary>
public sealed class WebhookDemo : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(EventDelivery Event, bool SignatureValid)> _received = new();
    private readonly Task _loop;
    private string _secret = string.Empty;

    private WebhookDemo(int port)
    {
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    /// <summary>Starts the receiver and subscribes it to the events the demo produces.</summary>
    public static async Task<WebhookDemo> StartAsync(HttpClient client, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("   Webhooks: a receiver on this machine subscribes to code_batch.completed, code.created and email_send.completed");
        var demo = new WebhookDemo(FreePort.Next());
        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url = demo.Url, eventTypes = new[] { "code_batch.completed", "code.created", "email_send.completed" } }, cancellationToken);
        var text = await answer.Content.ReadAsStringAsync(cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)answer.StatusCode} from the webhook subscription: {text}");
        }

        var created = JsonSerializer.Deserialize<CreatedSubscription>(text, JsonSerializerOptions.Web)!;
        demo._secret = created.Secret;
        Console.WriteLine($"   subscription {created.Id} → {demo.Url}, secret {demo._secret[..12]}… (shown once)");
        return demo;
    }

    /// <summary>Waits for the first event of <paramref name="type"/> and prints what arrived.</summary>
    public async Task ShowAsync(string type, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"8. The {type} webhook the receiver got (signed, retried for 24 h until answered 2xx)");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !_received.Any(r => r.Event.Type == type))
        {
            await Task.Delay(200, cancellationToken);
        }

        var (received, valid) = _received.FirstOrDefault(r => r.Event.Type == type);
        if (received is null)
        {
            throw new InvalidOperationException($"No {type} webhook arrived within a minute.");
        }

        Console.WriteLine($"   {received.Id}  signature {(valid ? "valid" : "INVALID")}");
        Console.WriteLine($"   data {received.Data.GetRawText()}");
        Console.WriteLine($"   all received: {string.Join(", ", _received.GroupBy(r => r.Event.Type).Select(g => $"{g.Count()} × {g.Key}"))}");
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var timestamp = context.Request.Headers["X-PromoServerless-Timestamp"] ?? string.Empty;
            var signature = context.Request.Headers["X-PromoServerless-Signature"] ?? string.Empty;
            var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body.ToArray()).ToArray();
            var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), signed));
            _received.Enqueue((JsonSerializer.Deserialize<EventDelivery>(body.ToArray(), JsonSerializerOptions.Web)!, CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature))));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
