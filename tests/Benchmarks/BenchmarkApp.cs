using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Benchmarks;

/// <summary>What the benchmarks that run the functions app as a process share: its build, its operator key, and a brand to work in.</summary>
internal static class BenchmarkApp
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public const string OperatorKey = "benchmark-operator-key-0123456789";

    /// <summary>How the API writes JSON (web defaults, enums as camelCase names), to read its answers into the app's records.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>A brand and its API key, created through the operator API.</summary>
    /// <summary>The app settings given as <c>--set Key=Value</c> arguments.</summary>
    public static Dictionary<string, string> SettingsFrom(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>The integer given as <c>--name N</c>, else <paramref name="fallback"/>.</summary>
    public static int IntFrom(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    public static async Task<(string Id, string Key)> CreateBrandAsync(HttpClient client, string operatorKey, object brand)
    {
        using var operatorRequest = new HttpRequestMessage(HttpMethod.Post, "api/v1/brands") { Content = JsonContent.Create(brand) };
        operatorRequest.Headers.Add("x-api-key", operatorKey);
        using var created = await client.SendAsync(operatorRequest);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<Created>())!.Id;
        using var keyRequest = new HttpRequestMessage(HttpMethod.Post, $"api/v1/brands/{id}/api-keys") { Content = JsonContent.Create(new { name = "bench" }) };
        keyRequest.Headers.Add("x-api-key", operatorKey);
        using var key = await client.SendAsync(keyRequest);
        key.EnsureSuccessStatusCode();
        return (id, (await key.Content.ReadFromJsonAsync<IssuedKey>())!.Key);
    }

    /// <summary>An active offer written straight to storage (10 % off, codes like JOHN10, 30 days' holding) with one payout option.</summary>
    public static async Task<Offer> SeedOfferAsync(StorageClients storage, BrandId brand, string name, PayoutOptionDraft payout, DateTimeOffset now)
    {
        var definition = OfferValidator.Validate(
            new OfferDraft
            {
                Name = name,
                PayoutOptions = [payout],
                GroupName = name,
                NamingStrategy = new NamingStrategyDraft { Preset = "firstNameDiscount" },
                Discount = new DiscountDraft { Type = "percentage", Value = 10m },
                Restrictions = new RestrictionsDraft(),
                HoldingPeriodDays = 30,
            },
            "USD").Value;
        var offer = Offer.Create(OfferId.New(), brand, definition, now);
        await new OfferStore(storage, TimeProvider.System).CreateAsync(offer, CancellationToken.None);
        return offer;
    }

    private sealed record Created(string Id);

    private sealed record IssuedKey(string Key);
}
