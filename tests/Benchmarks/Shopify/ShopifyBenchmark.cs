using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Benchmarks.Shopify;

/// <summary>
/// Creates codes through the real client against an in-process simulator shaped like a standard-plan shop
/// (bucket 2,000 points, restore 100/s, bulk jobs at 1,000 codes/s), (a) with bulk adds and (b) with one discount per code,
/// and compares each run with the fastest the cost limit and the job queue allow.
/// </summary>
public static class ShopifyBenchmark
{
    private const double BucketSize = 2000;
    private const double RestoreRate = 100;
    private const double CodesPerSecond = 1000;
    private const double MaxRatio = 1.3;
    private const double MinSpeedup = 20;
    private const int Workers = 4;

    public static async Task<int> RunAsync(bool smoke)
    {
        var bulkCodes = smoke ? 500 : 10_000;
        var singleCodes = smoke ? 50 : 1_000;
        await using var simulator = await ShopifySimulatorHost.StartAsync();
        await using var services = BuildClient(simulator);
        var client = services.GetRequiredService<IShopifyAdminClient>();

        await WarmUpAsync(simulator, client);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Shopify benchmark{(smoke ? " (smoke)" : string.Empty)}: bucket {BucketSize}, restore {RestoreRate}/s, bulk jobs {CodesPerSecond} codes/s"));
        var bulk = await RunBulkAsync(simulator, client, bulkCodes);
        Print("(a) bulk add", bulk);
        var single = await RunOnePerCodeAsync(simulator, client, singleCodes);
        Print("(b) one discount per code", single);

        var speedup = single.SecondsPerCode / bulk.SecondsPerCode;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per-code speedup of bulk over one-per-code: {speedup:0.0}x (target >= {MinSpeedup}x)"));

        var missed = new List<string>();
        if (bulk.Ratio is > MaxRatio)
        {
            missed.Add("(a) elapsed / lower bound");
        }

        if (single.Ratio is > MaxRatio)
        {
            missed.Add("(b) elapsed / lower bound");
        }

        if (speedup < MinSpeedup)
        {
            missed.Add("speedup");
        }

        if (missed.Count == 0)
        {
            Console.WriteLine("all targets met");
            return 0;
        }

        Console.WriteLine($"targets missed: {string.Join(", ", missed)}{(smoke ? " (smoke run: not enforced)" : string.Empty)}");
        return smoke ? 0 : 1;
    }

    /// <summary>Builds the schema validator and JIT-compiles both sides on a shop of its own, so the timed runs measure steady state.</summary>
    private static async Task WarmUpAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client)
    {
        var (shop, _) = NewShop(simulator, "warmup");
        var discount = await client.CreateDiscountAsync(shop, Spec("Warm-up", "WARM0"));
        await client.AddCodesAsync(shop, discount.Value!.Id, ["WARM1", "WARM2"]);
        await client.FindDiscountByCodeAsync(shop, "WARM1");
    }

    private static async Task<RunResult> RunBulkAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client, int codeCount)
    {
        var (shop, state) = NewShop(simulator, "bulk");
        var codes = Enumerable.Range(1, codeCount).Select(i => $"BULK{i:D6}").ToArray();
        var watch = Stopwatch.StartNew();
        var discount = await client.CreateDiscountAsync(shop, Spec("Bulk benchmark", codes[0]));
        var discountId = discount.Value?.Id ?? throw new InvalidOperationException("Creating the benchmark discount failed.");

        // All jobs are queued first so Shopify's job queue never idles; then each is awaited in order.
        var jobs = new List<(string Id, string[] Codes)>();
        foreach (var chunk in codes.Skip(1).Chunk(250))
        {
            var started = await client.StartBulkAddCodesAsync(shop, discountId, chunk);
            jobs.Add((started.Value?.Id ?? throw new InvalidOperationException("A bulk add was refused."), chunk));
        }

        var imported = 1;
        foreach (var (id, chunk) in jobs)
        {
            imported += (await client.WaitForBulkCreationAsync(shop, id, chunk)).ImportedCount;
        }

        watch.Stop();
        var jobSeconds = (codeCount - 1) / CodesPerSecond;
        return Result(state, watch.Elapsed, codeCount, imported, jobSeconds, calls: 1 + jobs.Count);
    }

    private static async Task<RunResult> RunOnePerCodeAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client, int codeCount)
    {
        var (shop, state) = NewShop(simulator, "single");
        var next = 0;
        var created = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= codeCount)
            {
                var result = await client.CreateDiscountAsync(shop, Spec($"Single {i}", $"ONE{i:D6}"));
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref created);
                }
            }
        }));
        watch.Stop();
        return Result(state, watch.Elapsed, codeCount, created, jobSeconds: 0, calls: codeCount);
    }

    private static RunResult Result(ShopState state, TimeSpan elapsed, int codes, int created, double jobSeconds, int calls)
    {
        var snapshot = ShopSnapshot.Of(state);
        var lowerBound = (Math.Max(0, snapshot.PointsSpent - BucketSize) / RestoreRate) + jobSeconds;
        return new RunResult(codes, created, calls, snapshot.Requests, snapshot.Throttled, snapshot.PointsSpent, elapsed.TotalSeconds, lowerBound);
    }

    private static void Print(string name, RunResult r)
    {
        Console.WriteLine(name);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  codes {r.Codes} (created {r.Created}), mutations {r.Mutations}, requests {r.Requests}, THROTTLED answers {r.Throttled}, points spent {r.Points:0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  elapsed {r.ElapsedSeconds:0.000} s, lower bound {r.LowerBoundSeconds:0.000} s, ratio {(r.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "n/a (fits in the initial bucket)")} (target <= {MaxRatio}), {r.SecondsPerCode * 1000:0.000} ms per code"));
    }

    private static (ShopifyShop Shop, ShopState State) NewShop(ShopifySimulatorHost simulator, string name)
    {
        var domain = $"bench-{name}.myshopify.com";
        var token = $"shpat_{Guid.NewGuid():N}";
        var state = simulator.AddShop(new ShopConfig(domain, token, BucketSize, RestoreRate, CodesPerSecond));
        return (new ShopifyShop(domain, token), state);
    }

    private static DiscountCodeSpec Spec(string title, string code) =>
        new(title, code, DateTimeOffset.UtcNow.AddMinutes(-1), null, new PercentageOff(10), DiscountItems.All, UsageLimit: 1);

    private static ServiceProvider BuildClient(ShopifySimulatorHost simulator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shopify:EndpointTemplate"] = simulator.EndpointTemplate,
            ["Shopify:BulkPollInterval"] = "00:00:00.050",
            ["Shopify:BaseRetryDelay"] = "00:00:00.100",
        }).Build();
        return new ServiceCollection().AddLogging().AddShopifyAdminClient(configuration).BuildServiceProvider();
    }

    private sealed record RunResult(int Codes, int Created, int Mutations, long Requests, long Throttled, double Points, double ElapsedSeconds, double LowerBoundSeconds)
    {
        /// <summary>Null when the work fits in the initial bucket and needs no job time: there is no meaningful lower bound then.</summary>
        public double? Ratio => LowerBoundSeconds < 0.05 ? null : ElapsedSeconds / LowerBoundSeconds;

        public double SecondsPerCode => ElapsedSeconds / Codes;
    }
}
