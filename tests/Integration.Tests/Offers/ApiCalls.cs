using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Offers;

/// <summary>A response read once: status, headers and the JSON body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
{
    public string? ETag => Response.Headers.ETag?.ToString();

    public IEnumerable<string> ErrorFields => Body.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name) : [];
}

/// <summary>Small helpers so tests read as requests and expectations.</summary>
public static class ApiCalls
{
    /// <summary>How the API writes JSON: web defaults, enums as camelCase names.</summary>
    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The body read as the API's own answer record, so a test names fields instead of walking JSON.</summary>
    public static T As<T>(this JsonElement body) => body.Deserialize<T>(AnswerJson) ?? throw new InvalidOperationException($"The answer is not a {typeof(T).Name}: {body}");

    public static T As<T>(this ApiAnswer answer) => answer.Body.As<T>();

    public static async Task<ApiAnswer> SendAsync(this HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(method, url);
        // With Expect: 100-continue a body the server refuses (413) is never sent, so the refusal can be read.
        request.Headers.ExpectContinue = expectContinue;
        if (body is not null)
        {
            request.Content = body is HttpContent content ? content : JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiAnswer(response.StatusCode, json, response);
    }

    public static Task<ApiAnswer> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<ApiAnswer> PostJsonAsync(this HttpClient client, string url, object? body = null) => client.SendAsync(HttpMethod.Post, url, body ?? new { });

    public static Task<ApiAnswer> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.SendAsync(HttpMethod.Post, url, new StringContent(body, Encoding.UTF8, contentType));

    public static string Id(this ApiAnswer answer) => answer.Body.GetProperty("id").GetString()!;

    public static string[] Items(this ApiAnswer answer, string property = "id") =>
        answer.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString()!).ToArray();

    /// <summary>A valid offer body: 10 % off, one CPA_CPS payout, the default naming strategy.</summary>
    public static Dictionary<string, object?> OfferBody(string? name = null, decimal discountPercent = 10) => new()
    {
        ["name"] = name ?? "Offer " + Guid.NewGuid().ToString("N")[..8],
        ["description"] = "Summer campaign",
        ["groupName"] = "Creators summer",
        ["payoutOptions"] = new[] { new { label = "Standard", type = "CPA_CPS", flatAmount = 5.50m, percent = 10m, isDefault = true } },
        ["discount"] = new { type = "percentage", value = discountPercent },
    };

    public static async Task<ApiAnswer> CreateOfferAsync(this TestBrand brand, object? body = null)
    {
        var answer = await brand.Client.PostJsonAsync("api/v1/offers", body ?? OfferBody());
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Body.ToString());
        return answer;
    }

    /// <summary>Every offer id the brand can list, following continuation tokens.</summary>
    public static async Task<List<string>> ListAllAsync(this HttpClient client, string url, string idProperty = "id")
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var separator = url.Contains('?') ? '&' : '?';
            var page = await client.GetJsonAsync(token is null ? url : $"{url}{separator}continuationToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            ids.AddRange(page.Body.GetProperty("items").EnumerateArray().Select(i => ReadId(i, idProperty)));
            token = page.Body.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return ids;
    }

    private static string ReadId(JsonElement item, string path)
    {
        foreach (var part in path.Split('.'))
        {
            item = item.GetProperty(part);
        }

        return item.GetString()!;
    }
}
