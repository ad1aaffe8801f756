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
        var offerId = (await GetAsync<Page<Created>>(client, "api/v1/offers", cancellationToken)).Items[0].Id;
        var codes = (await GetAsync<Page<CodeAnswer>>(client, $"api/v1/offers/{offerId}/codes", cancellationToken)).Items.Select(c => c.Code).Take(2).ToArray();

        Step($"10. Two buyers check out in the shop, with {codes[0]} and {codes[^1]}");
        var first = await PlaceAsync(shop, codes[0], 2, cancellationToken);
        await PlaceAsync(shop, codes[^1], 1, cancellationToken);

        Step("11. The first buyer returns one of their two serums (a partial refund)");
        var refund = await shop.PostAsJsonAsync($"_sim/shops/{shopDomain}/orders/{first}/refunds", new { amount = 27m, lines = new[] { new { lineIndex = 0, quantity = 1 } } }, cancellationToken);
        refund.EnsureSuccessStatusCode();
        Console.WriteLine($"   order {first}: refunded 27.00 (refunds/create webhook, signed)");

        Step("12. The offer's dashboard, once the webhooks are processed");
        Dashboard dashboard;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(300, cancellationToken);
            dashboard = await GetAsync<Dashboard>(client, $"api/v1/offers/{offerId}/dashboard", cancellationToken);
        }
        while ((dashboard.Totals.Orders < 2 || dashboard.Totals.Refunds == 0) && DateTime.UtcNow < deadline);

        var totals = dashboard.Totals;
        Console.WriteLine($"   orders {totals.Orders}, units {totals.Units}, sales {Money(totals.Sales)}, average order {Money(totals.AverageOrderValue)}");
        Console.WriteLine($"   refunds {Money(totals.Refunds)}, commission clawed back {Money(totals.CommissionClawedBack)}");
        Console.WriteLine($"   commission pending {Money(totals.CommissionPending)}, approved {Money(totals.CommissionApproved)}, paid {Money(totals.CommissionPaid)}");
        foreach (var member in dashboard.TopMembers)
        {
            Console.WriteLine($"   member {member.MemberId}: {member.Figures.Orders} order(s), commission {Money(member.Figures.Commission)}");
        }
    }

    private async Task<long> PlaceAsync(HttpClient shop, string code, int serums, CancellationToken cancellationToken)
    {
        var response = await shop.PostAsJsonAsync(
            $"_sim/shops/{shopDomain}/orders",
            new { codes = new[] { code }, lineItems = new[] { new { title = "Glow serum", price = 30m, quantity = serums } }, email = $"buyer.{Guid.NewGuid():N}@example.com" },
            cancellationToken);
        response.EnsureSuccessStatusCode();
        var order = (await response.Content.ReadFromJsonAsync<PlacedOrder>(JsonSerializerOptions.Web, cancellationToken))!.Order;
        Console.WriteLine($"   order {order.Id}: {serums} x 30.00 with {code}, paid {order.TotalPrice} (orders/paid webhook, signed)");
        return order.Id;
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url, CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<T>(url, JsonSerializerOptions.Web, cancellationToken) ?? throw new InvalidOperationException($"No answer from {url}.");

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine(title);
    }
}
