using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromoServerless.Functions.Api;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Offers;

/// <summary>A response read once: status, headers and the JSON body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
{
    public string? ETag => Response.Headers.ETag?.ToString();

    public IEnumerable<string> ErrorFields => this.As<ApiProblem>().Errors?.Keys ?? [];
}

/// <summary>An RFC 9457 problem answer; <see cref="Errors"/> names each invalid field with its messages.</summary>
public sealed record ApiProblem(string? Title, string? Detail, int? Status, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>The parts of an OpenAPI 3.1 document the tests look at.</summary>
public sealed record OpenApiDocumentShape(
    string OpenApi, IReadOnlyDictionary<string, IReadOnlyDictionary<string, OpenApiOperationShape>> Paths, OpenApiComponentsShape Components);

public sealed record OpenApiOperationShape(string? Summary, IReadOnlyList<string>? Tags, IReadOnlyDictionary<string, JsonElement> Responses, OpenApiRequestBodyShape? RequestBody);

public sealed record OpenApiRequestBodyShape(IReadOnlyDictionary<string, JsonElement> Content);

public sealed record OpenApiComponentsShape(IReadOnlyDictionary<string, JsonElement> SecuritySchemes);

/// <summary>Small helpers so tests read as requests and expectations.</summary>
public static class ApiCalls
{
    /// <summary>How the API writes JSON: web defaults, enums as camelCase names.</summary>
    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>How the API itself writes JSON (web defaults plus <see cref="ApiJson"/>), to check an answer is exactly a record.</summary>
    private static readonly JsonSerializerOptions ApiWrites = CreateApiWrites();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The body read as the API's own answer record, so a test names fields instead of walking JSON.</summary>
    public static T As<T>(this JsonElement body) => body.Deserialize<T>(AnswerJson) ?? throw new InvalidOperationException($"The answer is not a {typeof(T).Name}: {body}");

    public static T As<T>(this ApiAnswer answer) => answer.Body.As<T>();

    /// <summary>
    /// The body read as the API's record <typeparamref name="T"/>, after checking that the record written back the API's way
    /// is the same JSON: no field more or less, enums spelled as the API spells them.
    /// </summary>
    public static T AsExactly<T>(this ApiAnswer answer)
    {
        var value = answer.As<T>();
        var written = JsonSerializer.SerializeToElement(value, ApiWrites);
        Assert.True(JsonElement.DeepEquals(answer.Body, written), $"The answer is not exactly a {typeof(T).Name}.\nAnswer: {answer.Body}\nRecord: {written}");
        return value;
    }

    /// <summary>The names of an object's fields, for tests that check a field is absent.</summary>
    public static IEnumerable<string> FieldNames(this JsonElement body) => body.EnumerateObject().Select(p => p.Name);

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

        return await (await client.SendAsync(request, Ct)).ReadAnswerAsync();
    }

    /// <summary>A response read once into an <see cref="ApiAnswer"/>, for requests the helpers above do not build.</summary>
    public static async Task<ApiAnswer> ReadAnswerAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiAnswer(response.StatusCode, json, response);
    }

    public static Task<ApiAnswer> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<ApiAnswer> PostJsonAsync(this HttpClient client, string url, object? body = null) => client.SendAsync(HttpMethod.Post, url, body ?? new { });

    public static Task<ApiAnswer> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json") =>
        client.SendAsync(HttpMethod.Post, url, new StringContent(body, Encoding.UTF8, contentType));

    public static string Id(this ApiAnswer answer) => answer.As<Identified>().Id ?? throw new InvalidOperationException($"The answer has no id: {answer.Body}");

    /// <summary>The items of a page answer.</summary>
    public static IReadOnlyList<T> Items<T>(this ApiAnswer answer) => answer.As<PagedResponse<T>>().Items;

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

    /// <summary>Every id the brand can list (offers, projects, members), following continuation tokens.</summary>
    public static async Task<List<string>> ListAllAsync(this HttpClient client, string url) =>
        (await client.ListAllAsync<Identified>(url)).Select(i => i.Id ?? throw new InvalidOperationException($"An item of {url} has no id.")).ToList();

    /// <summary>Every item of a paged list, following continuation tokens.</summary>
    public static async Task<List<T>> ListAllAsync<T>(this HttpClient client, string url)
    {
        var items = new List<T>();
        string? token = null;
        do
        {
            var separator = url.Contains('?') ? '&' : '?';
            var page = await client.GetJsonAsync(token is null ? url : $"{url}{separator}continuationToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var read = page.As<PagedResponse<T>>();
            items.AddRange(read.Items);
            token = read.ContinuationToken;
        }
        while (token is not null);
        return items;
    }

    private static JsonSerializerOptions CreateApiWrites()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }

    /// <summary>Any answer or list item with an id.</summary>
    private sealed record Identified(string Id);
}
