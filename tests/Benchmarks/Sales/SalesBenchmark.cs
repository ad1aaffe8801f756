using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Sales;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Sales;

/// <summary>
/// Sales tracking end to end, against the functions app as its own process on Azurite:
/// 1. webhook acknowledgement latency, open loop at a fixed rate of signed <c>orders/paid</c> deliveries;
/// 2. events per second from the first acknowledgement until the dashboard counts every order;
/// 3. the dashboard of an offer with 1,000,000 conversions (its kept figures, seeded as the live path keeps them)
///    against a full scan of conversion rows, measured on a seeded offer of <c>scanRows</c> real rows and scaled.
/// </summary>
public static class SalesBenchmark
{
    private const string WebhookSecret = "whsec_sales_benchmark";
    private const int Members = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke", StringComparer.Ordinal);
        var (rate, seconds, dashboardConversions, scanRows) = smoke ? (50, 5, 20_000, 5_000) : (200, 30, 1_000_000, 100_000);
        seconds = BenchmarkApp.IntFrom(args, "--seconds", seconds);
        await using var azurite = await AzuriteServer.StartAsync();
        var prefix = "s" + Guid.NewGuid().ToString("N")[..8];
        var settings = LocalHostSettings.ForInstance(azurite.ConnectionString, prefix, configuration: BenchmarkApp.Configuration);
        foreach (var (setting, value) in new Dictionary<string, string?>
        {
            ["Operator:ApiKey"] = BenchmarkApp.OperatorKey,
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),

            // No email is sent here, but the app validates its SMTP settings at start.
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:FromAddress"] = "codes@benchmark.example.test",
            [LocalHostSettings.QueuePolling] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            settings[setting] = value;
        }

        foreach (var (name, value) in BenchmarkApp.SettingsFrom(args))
        {
            settings[name] = value;
        }

        await using var app = await FunctionsAppProcess.StartAsync(settings, FreePort.Next(), BenchmarkApp.Configuration);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var shop = $"bench-{Guid.NewGuid():N}.myshopify.com";
        var (brandId, key) = await BenchmarkApp.CreateBrandAsync(client, BenchmarkApp.OperatorKey, new
        {
            name = "Sales Bench",
            shopDomain = shop,
            shopifyAccessToken = "shpat_bench",
            shopifyWebhookSecret = WebhookSecret,
            currency = "USD",
            timeZone = "America/New_York",
            locale = "en-US",
            senderAddress = "team@bench.example.test",
        });
        client.DefaultRequestHeaders.Add("x-api-key", key);
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, NamePrefix = prefix }));
        var brand = new BrandId(brandId);
        var (offer, codes) = await SeedOfferAsync(storage, brand, "Live offer");

        Console.WriteLine($"sales benchmark ({(smoke ? "smoke" : "full")}): {rate} webhooks/s for {seconds} s, {Members} members with codes");

        // Warm-up: a few deliveries so the first measured ones do not pay for JIT and connection set-up.
        for (var i = 0; i < 20; i++)
        {
            await PostOrderAsync(client, shop, 900_000_000 + i, codes[i % codes.Count]);
        }

        await WaitForOrdersAsync(client, offer, 20, TimeSpan.FromMinutes(2));

        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var total = rate * seconds;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var orderId = 1_000_000_000L + i;
            var code = codes[i % codes.Count];
            inFlight.Add(Task.Run(async () =>
            {
                var watch = Stopwatch.StartNew();
                var status = await PostOrderAsync(client, shop, orderId, code);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                if (status != 200)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(inFlight);
        var sent = clock.Elapsed;
        var counted = await WaitForOrdersAsync(client, offer, total + 20, TimeSpan.FromMinutes(10));
        var processed = clock.Elapsed;
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"webhook ack: {total} deliveries at {rate}/s over {sent.TotalSeconds:0.0} s: p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms, max {sorted[^1]:0.0} ms, non-200 {failures}");
        Console.WriteLine($"end to end: {counted - 20} of {total} orders on the dashboard {processed.TotalSeconds:0.0} s after the first delivery " +
            $"({total / processed.TotalSeconds:0} events/s; the last counted {(processed - sent).TotalSeconds:0.0} s after the last acknowledgement)");
        var lost = total + 20 - counted;

        // The read side: kept figures of a million conversions against scanning conversion rows.
        var conversions = new ConversionStore(storage);
        var (bigOffer, bigCodes) = await SeedOfferAsync(storage, brand, "Million offer");
        var seedWatch = Stopwatch.StartNew();
        await conversions.ImportAsync(brand, bigOffer, Synthetic(bigOffer, bigCodes, dashboardConversions, "m"), writeConversions: false, CancellationToken.None);
        Console.WriteLine($"seeded the figures of {dashboardConversions:N0} conversions over {Members} members in {seedWatch.Elapsed.TotalSeconds:0.0} s (figures rows only)");
        var dashboardMs = await TimeDashboardAsync(client, bigOffer, dashboardConversions);

        var (scanOffer, scanCodes) = await SeedOfferAsync(storage, brand, "Scanned offer");
        seedWatch.Restart();
        await conversions.ImportAsync(brand, scanOffer, Synthetic(scanOffer, scanCodes, scanRows, "x"), writeConversions: true, CancellationToken.None);
        Console.WriteLine($"seeded {scanRows:N0} conversion rows with their figures in {seedWatch.Elapsed.TotalSeconds:0.0} s");
        var scanned = await TimeDashboardAsync(client, scanOffer, scanRows);
        var scanWatch = Stopwatch.StartNew();
        var recomputed = SalesFigures.Empty;
        var rows = 0;
        await foreach (var conversion in conversions.StreamByOfferAsync(brand, scanOffer, new ConversionFilter(), CancellationToken.None))
        {
            recomputed += SalesFigures.Of(conversion);
            rows++;
        }

        var scanMs = scanWatch.Elapsed.TotalMilliseconds;
        var (kept, _) = await conversions.GetFiguresAsync(brand, scanOffer, CancellationToken.None);
        var scaled = scanMs * dashboardConversions / rows;
        Console.WriteLine($"full scan: {rows:N0} rows in {scanMs:0} ms ({rows / scanWatch.Elapsed.TotalSeconds:0} rows/s); recomputed figures {(kept == recomputed ? "equal" : "DIFFER from")} the kept ones");
        Console.WriteLine($"dashboard vs scan at {dashboardConversions:N0} conversions: {dashboardMs:0.0} ms against {scaled / 1000:0.0} s scaled from the scan ({scaled / dashboardMs:0}x); dashboard of the scanned offer {scanned:0.0} ms");
        return lost == 0 && failures == 0 && kept == recomputed ? 0 : 1;
    }

    private static async Task<double> TimeDashboardAsync(HttpClient client, OfferId offer, int expectedOrders)
    {
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var watch = Stopwatch.StartNew();
            var dashboard = await client.GetFromJsonAsync<DashboardResponse>($"api/v1/offers/{offer}/dashboard", BenchmarkApp.Json);
            times.Add(watch.Elapsed.TotalMilliseconds);
            var orders = dashboard!.Totals.Orders;
            if (orders != expectedOrders)
            {
                throw new InvalidOperationException($"The dashboard counts {orders} orders, not {expectedOrders}.");
            }
        }

        var median = times.Skip(1).Order().ElementAt(10);
        Console.WriteLine($"dashboard of {expectedOrders:N0} conversions: median {median:0.0} ms over 20 calls");
        return median;
    }

    /// <summary>Conversions as orders/paid would have made them: a spread of sales, some refunded, some approved or paid.</summary>
    private static IEnumerable<Conversion> Synthetic(OfferId offer, IReadOnlyList<(MemberId Member, string Code)> codes, int count, string tag)
    {
        var payout = new PayoutOption("Standard", PayoutType.CpaCps, new Money(5.50m, "USD"), 10m, true);
        var placed = DateTimeOffset.UtcNow.AddDays(-40);
        for (var i = 0; i < count; i++)
        {
            var (member, code) = codes[i % codes.Count];
            var sale = 20m + (i % 97);
            var order = new ShopOrder($"{tag}{i:D9}", "USD", null, new Money(sale, "USD"), new Money(0m, "USD"), new Money(0m, "USD"),
                [new OrderLine("1", null, [], 1 + (i % 3), new Money(sale, "USD"))], [code], placed.AddSeconds(i));
            var conversion = Conversion.Create(order, new Attribution(AttributionOutcome.Attributed, new MemberCode(code, offer, member, string.Empty, null)), payout, CommissionBaseRules.Default, TimeSpan.FromDays(30));
            conversion = (i % 10) switch
            {
                0 => conversion.ApplyRefund("r" + i, new Money(sale / 2, "USD"), placed),
                1 or 2 or 3 => conversion.Approve(),
                4 => conversion.Approve().MarkPaid(),
                _ => conversion,
            };
            yield return conversion;
        }
    }

    private static async Task<int> PostOrderAsync(HttpClient client, string shop, long orderId, (MemberId Member, string Code) code)
    {
        var body = Encoding.UTF8.GetBytes(OrderBody(orderId, code.Code).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/shopify") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Hmac-Sha256", ShopifyWebhookVerifier.Sign(body, WebhookSecret));
        request.Headers.Add("X-Shopify-Topic", "orders/paid");
        request.Headers.Add("X-Shopify-Shop-Domain", shop);
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-API-Version", "2026-01");
        try
        {
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private static JsonObject OrderBody(long orderId, string code) => new()
    {
        ["id"] = orderId,
        ["admin_graphql_api_id"] = $"gid://shopify/Order/{orderId}",
        ["email"] = $"buyer{orderId}@shoppers.example.test",
        ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["currency"] = "USD",
        ["financial_status"] = "paid",
        ["subtotal_price"] = "72.00",
        ["current_subtotal_price"] = "72.00",
        ["total_tax"] = "0.00",
        ["discount_codes"] = new JsonArray(new JsonObject { ["code"] = code, ["amount"] = "8.00", ["type"] = "percentage" }),
        ["discount_applications"] = new JsonArray(new JsonObject { ["type"] = "discount_code", ["code"] = code, ["value"] = "10.0", ["value_type"] = "percentage" }),
        ["line_items"] = new JsonArray(new JsonObject
        {
            ["id"] = orderId * 10,
            ["product_id"] = 7001,
            ["quantity"] = 2,
            ["price"] = "40.00",
            ["discount_allocations"] = new JsonArray(new JsonObject { ["amount"] = "8.00" }),
        }),
    };

    private static async Task<int> WaitForOrdersAsync(HttpClient client, OfferId offer, int expected, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var orders = 0;
        while (true)
        {
            try
            {
                orders = (await client.GetFromJsonAsync<DashboardResponse>($"api/v1/offers/{offer}/dashboard", BenchmarkApp.Json))!.Totals.Orders;
            }
            catch (TaskCanceledException)
            {
                Console.WriteLine($"   (a dashboard poll took over 30 s while events were being applied, at {watch.Elapsed.TotalSeconds:0} s)");
            }

            if (orders >= expected || watch.Elapsed > timeout)
            {
                return orders;
            }

            await Task.Delay(250);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>An offer whose members hold active codes, in the code index too, as a generation leaves them.</summary>
    private static async Task<(OfferId Offer, IReadOnlyList<(MemberId Member, string Code)> Codes)> SeedOfferAsync(StorageClients storage, BrandId brand, string name)
    {
        var now = DateTimeOffset.UtcNow;
        var offer = await BenchmarkApp.SeedOfferAsync(storage, brand, name, new PayoutOptionDraft { Label = "Standard", Type = "CPA_CPS", FlatAmount = 5.50m, Percent = 10m }, now);
        var tag = offer.Id.Value[^6..].ToUpperInvariant();
        var members = Enumerable.Range(0, Members)
            .Select(i => new Member(MemberId.New(), brand, new MemberProfile($"Member{i} Bench", null, null, $"member{i}.{tag}@benchmark.example.test", null, null), now, now))
            .ToArray();
        await new MemberStore(storage).SaveImportAsync(brand, members, [], CancellationToken.None);
        var batch = CodeBatchId.New();
        var codes = members.Select((m, i) => new PromoCode(offer.Id, m.Id, $"M{tag}{i}", PromoCodeStatus.Active, now, null, batch, null, null, now, now)).ToArray();
        await new PromoCodeStore(storage).UpsertManyAsync(brand, offer.Id, codes, CancellationToken.None);
        await new CodeIndexStore(storage).TryReserveAllAsync(brand, codes.Select(c => (c.Code, new CodeOwner(offer.Id, c.MemberId, batch, now))).ToArray(), CancellationToken.None);
        return (offer.Id, codes.Select(c => (c.MemberId, c.Code)).ToArray());
    }
}
