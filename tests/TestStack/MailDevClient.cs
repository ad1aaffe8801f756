using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoServerless.TestStack;

/// <summary>
/// Reads what MailDev 3.0 received through its REST API (under <c>/api</c>; MailDev 2.x served the same
/// routes without the prefix): <c>GET /api/email</c> (all messages, filterable by any field path, e.g.
/// <c>?to.address=x@y</c>), <c>GET /api/email/{id}</c>, <c>GET /api/email/{id}/html</c>,
/// <c>GET /api/email/{id}/source</c> (raw RFC 5322 text) and <c>DELETE /api/email/all</c>.
/// </summary>
public sealed class MailDevClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public MailDevClient(Uri webUri)
    {
        _http = new HttpClient { BaseAddress = webUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<IReadOnlyList<MailDevEmail>> ListAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<MailDevEmail>>("api/email", Json, cancellationToken) ?? [];

    /// <summary>The messages whose To header holds <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<MailDevEmail>> ListToAsync(string address, CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<MailDevEmail>>("api/email?to.address=" + Uri.EscapeDataString(address), Json, cancellationToken) ?? [];

    public async Task<MailDevEmail> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<MailDevEmail>("api/email/" + Uri.EscapeDataString(id), Json, cancellationToken)
        ?? throw new InvalidOperationException($"MailDev returned no email {id}.");

    /// <summary>The HTML body as MailDev serves it for display.</summary>
    public Task<string> GetHtmlAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetStringAsync($"api/email/{Uri.EscapeDataString(id)}/html", cancellationToken);

    /// <summary>The message exactly as it arrived over SMTP, headers encoded.</summary>
    public Task<string> GetSourceAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetStringAsync($"api/email/{Uri.EscapeDataString(id)}/source", cancellationToken);

    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync("api/email/all", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls until <paramref name="count"/> messages to <paramref name="address"/> are stored, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<MailDevEmail>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = await ListToAsync(address, cancellationToken);
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"MailDev holds {found.Count} of {count} expected messages to {address}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}

public sealed record MailDevAddress(string Address, string? Name);

public sealed record MailDevEnvelope(MailDevAddress From, IReadOnlyList<MailDevAddress> To);

/// <summary>
/// A message as MailDev parsed it. MailDev 3.0 keeps only a few headers here (subject, message-id,
/// mime-version), lower-case; read the others from <see cref="MailDevClient.GetSourceAsync"/>.
/// </summary>
public sealed record MailDevEmail(
    string Id,
    string Subject,
    IReadOnlyList<MailDevAddress> From,
    IReadOnlyList<MailDevAddress> To,
    string? Html,
    string? Text,
    IReadOnlyDictionary<string, JsonElement> Headers,
    MailDevEnvelope Envelope,
    int Size)
{
    [JsonIgnore]
    public string? MessageId => Header("message-id");

    public string? Header(string name) =>
        Headers.TryGetValue(name.ToLowerInvariant(), out var value)
            ? value.ValueKind == JsonValueKind.Array ? value[0].GetString() : value.GetString()
            : null;
}
