using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Webhooks;

namespace PromoServerless.Infra.Webhooks;

/// <summary>One signed POST of one event: the answer as a result, never an exception for anything a receiver can do.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "webhooks";

    public async Task<SendResult> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("PromoServerless-Webhooks/1");
        request.Headers.Add(WebhookSignature.EventIdHeader, message.EventId);
        request.Headers.Add(WebhookSignature.EventTypeHeader, message.EventType);
        request.Headers.Add(WebhookSignature.AttemptHeader, message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(message.Secret, timestamp, message.Body));

        var client = clients.CreateClient(ClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadStartAsync(response, options.Value.MaxLoggedBodyChars, timeout.Token);
            var status = (int)response.StatusCode;
            var kind = status switch
            {
                >= 200 and < 300 => DeliveryErrorKind.None,
                >= 300 and < 400 => DeliveryErrorKind.Redirect,
                _ => DeliveryErrorKind.HttpStatus,
            };
            return new SendResult(kind, status, Elapsed(started), body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult(DeliveryErrorKind.Timeout, null, Elapsed(started), null);
        }
        catch (HttpRequestException ex) when (Find<WebhookAddressRefusedException>(ex) is { } refused)
        {
            return new SendResult(refused.Verdict == AddressVerdict.Unresolved ? DeliveryErrorKind.DnsFailure : DeliveryErrorKind.BlockedAddress, null, Elapsed(started), null);
        }
        catch (HttpRequestException ex) when (Find<SocketException>(ex) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData })
        {
            return new SendResult(DeliveryErrorKind.DnsFailure, null, Elapsed(started), null);
        }
        catch (HttpRequestException)
        {
            return new SendResult(DeliveryErrorKind.ConnectionFailed, null, Elapsed(started), null);
        }
    }

    /// <summary>
    /// The named client: no redirects (a 3xx is a failed attempt), no cookies, no proxy, and a connect step that
    /// resolves the host, checks every address and connects to a checked one, so a DNS answer that changes between
    /// check and connect (rebinding) cannot reach a refused address. Retries are the delivery orchestration's, so no
    /// resilience handler.
    /// </summary>
    public static IHttpClientBuilder AddClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = new WebhookAddressGuard(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowLoopbackHttp);
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, ct) => ConnectCheckedAsync(guard, context, ct),
                };
            });

    private static async ValueTask<Stream> ConnectCheckedAsync(WebhookAddressGuard guard, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var check = await guard.CheckAsync(host, cancellationToken);
        if (check.Verdict != AddressVerdict.Allowed)
        {
            throw new WebhookAddressRefusedException(host, check.Verdict);
        }

        SocketException? last = null;
        foreach (var address in check.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, int maxChars, CancellationToken cancellationToken)
    {
        if (maxChars == 0)
        {
            return null;
        }

        var buffer = new char[maxChars];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read == 0 ? null : new string(buffer, 0, read);
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

public sealed record WebhookMessage(Uri Url, string Secret, string EventId, string EventType, int Attempt, byte[] Body);

public sealed record SendResult(DeliveryErrorKind ErrorKind, int? StatusCode, long DurationMs, string? ResponseBody)
{
    public bool Delivered => ErrorKind == DeliveryErrorKind.None;
}
