using System.Diagnostics;
using System.Globalization;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Benchmarks.Pipeline;

/// <summary>The Shopify client alone, each run on a fresh standard-plan shop of the simulator.</summary>
public static class ClientRuns
{
    private const int BulkChunk = 250;

    /// <summary>JIT-compiles the client and builds the simulator's schema validator on a shop of its own, so timed runs measure steady state.</summary>
    public static async Task WarmUpAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client)
    {
        var (shop, _) = PipelineBenchmark.NewShop(simulator, "client-warmup");
        var discount = await client.CreateDiscountAsync(shop, Spec("Warm-up", "WARM0"));
        await client.AddCodesAsync(shop, discount.Value!.Id, ["WARM1", "WARM2"]);
        await client.FindDiscountByCodeAsync(shop, "WARM1");
    }

    /// <summary>
    /// The Shopify work of one generation: one discount created with the first code, then the other codes in bulk adds of
    /// 250, each started and awaited with <see cref="IShopifyAdminClient.AddCodesAsync"/> (as <c>PushCodes</c> does),
    /// <paramref name="concurrency"/> adds at a time.
    /// </summary>
    public static async Task<ClientResult> BulkAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client, string name, int codeCount, int concurrency)
    {
        var (shop, state) = PipelineBenchmark.NewShop(simulator, name);
        var prefix = name.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant()[..Math.Min(8, name.Length)];
        var codes = Enumerable.Range(1, codeCount).Select(i => $"{prefix}{i:D6}").ToArray();
        var watch = Stopwatch.StartNew();
        var discount = await client.CreateDiscountAsync(shop, Spec($"Bench {name}", codes[0]));
        var discountId = discount.Value?.Id ?? throw new InvalidOperationException("Creating the benchmark discount failed.");
        var chunks = codes.Skip(1).Chunk(BulkChunk).ToArray();
        var next = -1;
        var imported = 1;
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, chunks.Length))).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Length)
            {
                var result = await client.AddCodesAsync(shop, discountId, chunks[i]);
                Interlocked.Add(ref imported, result.Codes.Count(c => c.Imported));
            }
        }));
        watch.Stop();
        return Result(name, state, codeCount, imported, watch.Elapsed, mutations: 1 + chunks.Length);
    }

    /// <summary>The naive way: one discount per member, each with its own single code, <paramref name="workers"/> at a time.</summary>
    public static async Task<ClientResult> OnePerCodeAsync(ShopifySimulatorHost simulator, IShopifyAdminClient client, string name, int codeCount, int workers)
    {
        var (shop, state) = PipelineBenchmark.NewShop(simulator, name);
        var next = 0;
        var created = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= codeCount)
            {
                var result = await client.CreateDiscountAsync(shop, Spec($"Naive {i}", $"NAIVE{i:D6}"));
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref created);
                }
            }
        }));
        watch.Stop();
        return Result(name, state, codeCount, created, watch.Elapsed, mutations: codeCount);
    }

    private static ClientResult Result(string name, ShopState state, int codes, int created, TimeSpan elapsed, int mutations)
    {
        var snapshot = ShopSnapshot.Of(state);
        var held = snapshot.Discounts.Sum(d => d.Codes.Count);
        var problems = new List<string>();
        if (created != codes || held != codes)
        {
            problems.Add($"{name}: created {created}, the simulator holds {held}, expected {codes}");
        }

        return new ClientResult(name, codes, created, mutations, snapshot.Requests, snapshot.Throttled, snapshot.PointsSpent, elapsed.TotalSeconds, problems);
    }

    private static DiscountCodeSpec Spec(string title, string code) =>
        new(title, code, DateTimeOffset.UtcNow.AddMinutes(-5), null, new PercentageOff(10), DiscountItems.All, UsageLimit: null);
}

public sealed record ClientResult(string Name, int Codes, int Created, int Mutations, long Requests, long Throttled, double Points, double Seconds, IReadOnlyList<string> Problems)
{
    public void Print(string title)
    {
        Console.WriteLine(title);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Seconds:0.00} s ({Codes / Seconds:0} codes/s, {Seconds / Codes * 1000:0.000} ms per code); created {Created:N0}, mutations {Mutations}, requests {Requests}, THROTTLED {Throttled}, points {Points:0}"));
    }
}
