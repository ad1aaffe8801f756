using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PromoServerless.LocalRun;

/// <summary>
/// The end of the demo: two buyers check out with members' codes in the simulated shop, one returns part of the
/// order, Shopify's signed webhooks reach the app, and the offer's dashboard shows the conversions, commissions and
/// the commission the refund clawed back.
/// </summary>
public sealed class SalesDemo(Uri appUri, Uri simulatorUri, string shopDomain)
{
    public async Task RunAsync(string apiKey, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = appUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        using var shop = new HttpClient { BaseAddress = simulatorUri, Timeout = TimeSpan.FromSeconds(60) };
        var offerId = (await client.GetFromJsonAsync<JsonElement>("api/v1/offers", cancellationToken)).GetProperty("items")[0].GetProperty("id").GetString()!;
        var codes = (await client.GetFromJsonAsync<JsonElement>($"api/v1/offers/{offerId}/codes", cancellationToken)).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("code").GetString()!).Take(2).ToArray();

        Step($"10. Two buyers check out in the shop, with {codes[0]} and {codes[^1]}");
        var first = await PlaceAsync(shop, codes[0], 2, cancellationToken);
        await PlaceAsync(shop, codes[^1], 1, cancellationToken);

        Step("11. The first buyer returns one of their two serums (a partial refund)");
        var refund = await shop.PostAsJsonAsync($"_sim/shops/{shopDomain}/orders/{first}/refunds", new { amount = 27m, lines = new[] { new { lineIndex = 0, quantity = 1 } } }, cancellationToken);
        refund.EnsureSuccessStatusCode();
        Console.WriteLine($"   order {first}: refunded 27.00 (refunds/create webhook, signed)");

        Step("12. The offer's dashboard, once the webhooks are processed");
        JsonElement dashboard;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(300, cancellationToken);
            dashboard = await client.GetFromJsonAsync<JsonElement>($"api/v1/offers/{offerId}/dashboard", cancellationToken);
        }
        while ((dashboard.GetProperty("totals").GetProperty("orders").GetInt32() < 2 || dashboard.GetProperty("totals").GetProperty("refunds").GetDecimal() == 0) && DateTime.UtcNow < deadline);

        var totals = dashboard.GetProperty("totals");
        Console.WriteLine($"   orders {totals.GetProperty("orders").GetInt32()}, units {totals.GetProperty("units").GetInt32()}, sales {Money(totals, "sales")}, average order {Money(totals, "averageOrderValue")}");
        Console.WriteLine($"   refunds {Money(totals, "refunds")}, commission clawed back {Money(totals, "commissionClawedBack")}");
        Console.WriteLine($"   commission pending {Money(totals, "commissionPending")}, approved {Money(totals, "commissionApproved")}, paid {Money(totals, "commissionPaid")}");
        foreach (var member in dashboard.GetProperty("topMembers").EnumerateArray())
        {
            var figures = member.GetProperty("figures");
            Console.WriteLine($"   member {member.GetProperty("memberId").GetString()}: {figures.GetProperty("orders").GetInt32()} order(s), commission {Money(figures, "commission")}");
        }
    }

    private async Task<long> PlaceAsync(HttpClient shop, string code, int serums, CancellationToken cancellationToken)
    {
        var response = await shop.PostAsJsonAsync(
            $"_sim/shops/{shopDomain}/orders",
            new { codes = new[] { code }, lineItems = new[] { new { title = "Glow serum", price = 30m, quantity = serums } }, email = $"buyer.{Guid.NewGuid():N}@example.com" },
            cancellationToken);
        response.EnsureSuccessStatusCode();
        var order = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("order");
        var id = order.GetProperty("id").GetInt64();
        Console.WriteLine($"   order {id}: {serums} x 30.00 with {code}, paid {order.GetProperty("total_price").GetString()} (orders/paid webhook, signed)");
        return id;
    }

    private static string Money(JsonElement figures, string name) => figures.GetProperty(name).GetDecimal().ToString("0.00", CultureInfo.InvariantCulture);

    private static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
    }
}
