using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Sales;
using PromoServerless.Infra.Shopify;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Integration.Tests.Sales;

/// <summary>An offer whose members hold live codes in the simulated shop, ready to sell.</summary>
public sealed record SalesSetup(string OfferId, IReadOnlyDictionary<string, string> CodesByMemberId, IReadOnlyDictionary<string, string> EmailsByMemberId);

/// <summary>The simulator's answer to an order change: the order as Shopify's webhook payload carries it.</summary>
public sealed record SimOrderAnswer(JsonElement Order, WebhookDelivery? Delivery)
{
    /// <summary>The order as the app reads the webhook's body.</summary>
    public OrderPayload Payload => OrderPayloadReader.ReadOrder(Order);

    public long OrderId => long.Parse(Payload.Order.OrderId, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record SimRefundAnswer(JsonElement Refund, WebhookDelivery? Delivery);

public sealed record ConversionPage(IReadOnlyList<ConversionResponse> Items, string? ContinuationToken);

/// <summary>The steps of selling with members' codes, as a shop and a brand take them.</summary>
public static class SalesSteps
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>An offer (CPA 5.50 + 10 % by default) whose members get generated, live codes.</summary>
    public static Task<SalesSetup> OfferWithLiveCodesAsync(this TestBrand brand, params (string First, string Last)[] people) =>
        brand.OfferWithLiveCodesAsync(null, people);

    /// <summary>An offer created from <paramref name="offerBody"/> (the default offer when null) whose members get generated, live codes.</summary>
    public static async Task<SalesSetup> OfferWithLiveCodesAsync(this TestBrand brand, object? offerBody, IEnumerable<(string First, string Last)> people)
    {
        var setup = await brand.OfferWithProjectMembersAsync(people, offerBody);
        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Body.ToString());
        await brand.WaitForBatchAsync(accepted.BatchId());
        var codes = await brand.Client.GetJsonAsync($"api/v1/offers/{setup.OfferId}/codes?pageSize=1000");
        var byMember = codes.Items<PromoCodeResponse>().ToDictionary(c => c.MemberId, c => c.Code);
        return new SalesSetup(setup.OfferId, byMember, setup.MemberIdsByEmail.ToDictionary(p => p.Value, p => p.Key));
    }

    public static async Task<SimOrderAnswer> PlaceOrderAsync(this StackFixture stack, TestBrand brand, PlaceOrderRequest order)
    {
        using var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri };
        using var response = await http.PostAsJsonAsync($"_sim/shops/{brand.ShopDomain}/orders", order, ApiCalls.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiCalls.Ct)}");
        return (await response.Content.ReadFromJsonAsync<SimOrderAnswer>(Json, ApiCalls.Ct))!;
    }

    /// <summary>Puts a product of the simulated shop in these collections (numeric ids).</summary>
    public static async Task AssignCollectionsAsync(this StackFixture stack, TestBrand brand, long productId, params long[] collectionIds)
    {
        using var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri };
        using var response = await http.PutAsJsonAsync($"_sim/shops/{brand.ShopDomain}/products/{productId}/collections", new ProductCollectionsRequest(collectionIds), ApiCalls.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiCalls.Ct)}");
    }

    public static async Task<SimRefundAnswer> RefundAsync(this StackFixture stack, TestBrand brand, long orderId, RefundRequest refund)
    {
        using var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri };
        using var response = await http.PostAsJsonAsync($"_sim/shops/{brand.ShopDomain}/orders/{orderId}/refunds", refund, ApiCalls.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiCalls.Ct)}");
        return (await response.Content.ReadFromJsonAsync<SimRefundAnswer>(Json, ApiCalls.Ct))!;
    }

    /// <summary>Has the simulator send an order webhook of <paramref name="topic"/> for the order as it is now.</summary>
    public static async Task<SimOrderAnswer> DeliverOrderWebhookAsync(this StackFixture stack, TestBrand brand, long orderId, string topic)
    {
        using var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri };
        using var response = await http.PostAsync($"_sim/shops/{brand.ShopDomain}/orders/{orderId}/webhooks?topic={Uri.EscapeDataString(topic)}", null, ApiCalls.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiCalls.Ct)}");
        return (await response.Content.ReadFromJsonAsync<SimOrderAnswer>(Json, ApiCalls.Ct))!;
    }

    public static async Task<WebhookDelivery> RedeliverAsync(this StackFixture stack, TestBrand brand, string webhookId)
    {
        using var http = new HttpClient { BaseAddress = stack.Simulator.BaseUri };
        using var response = await http.PostAsync($"_sim/shops/{brand.ShopDomain}/webhooks/{webhookId}/redeliver", null, ApiCalls.Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiCalls.Ct)}");
        return (await response.Content.ReadFromJsonAsync<WebhookDelivery>(Json, ApiCalls.Ct))!;
    }

    public static async Task<DashboardResponse> DashboardAsync(this TestBrand brand, string offerId)
    {
        var answer = await brand.Client.GetAsync($"api/v1/offers/{offerId}/dashboard", ApiCalls.Ct);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(ApiCalls.Ct));
        return (await answer.Content.ReadFromJsonAsync<DashboardResponse>(Json, ApiCalls.Ct))!;
    }

    /// <summary>Polls the dashboard until <paramref name="done"/> holds (events are applied asynchronously, from the queue).</summary>
    public static async Task<DashboardResponse> WaitForDashboardAsync(this TestBrand brand, string offerId, Func<DashboardResponse, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var dashboard = await brand.DashboardAsync(offerId);
            if (done(dashboard))
            {
                return dashboard;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The dashboard never got there: {JsonSerializer.Serialize(dashboard, Json)}");
            await Task.Delay(200, ApiCalls.Ct);
        }
    }

    /// <summary>Polls a list of conversions until it has <paramref name="count"/> of them, as a brand waits before reviewing them.</summary>
    public static async Task<IReadOnlyList<ConversionResponse>> WaitForConversionsAsync(this TestBrand brand, string url, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var conversions = await brand.ConversionsAsync(url);
            if (conversions.Count == count)
            {
                return conversions;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{url} listed {conversions.Count} conversions, never {count}.");
            await Task.Delay(200, ApiCalls.Ct);
        }
    }

    public static async Task<IReadOnlyList<ConversionResponse>> ConversionsAsync(this TestBrand brand, string url)
    {
        var all = new List<ConversionResponse>();
        string? token = null;
        do
        {
            var separator = url.Contains('?') ? '&' : '?';
            var page = await brand.Client.GetFromJsonAsync<ConversionPage>(token is null ? url : $"{url}{separator}continuationToken={Uri.EscapeDataString(token)}", Json, ApiCalls.Ct);
            all.AddRange(page!.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    public static T Read<T>(this ApiAnswer answer) => answer.Body.Deserialize<T>(Json)!;
}
