using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Pipeline;

/// <summary>
/// The <c>GenerateCodes</c> orchestration end to end against the Shopify client alone (issues 5 and 9, "Benchmark").
/// <para>
/// One run starts its own stack on 127.0.0.1: Azurite in memory, MailDev (only because the app's options need SMTP
/// settings), the Shopify simulator in-process with every shop on a standard plan (bucket 2,000 points, restore
/// 100/s, bulk jobs at 1,000 codes/s), and the functions app under the local functions host as its own process (from
/// tests/FunctionsHost/bin/&lt;configuration&gt;), orchestrations on the Durable Task engine over the same Azurite, so its
/// memory is its own.
/// </para>
/// <list type="number">
/// <item>Pipeline: a warm-up batch, then a small batch (2,000) and the large one (10,000), each on a brand and shop of its
/// own: members imported through the API, then timed from POST code-batches to the batch <c>completed</c>. The app's
/// VmRSS is sampled during each batch, and VmHWM is reset when it starts and read when it ends, so each batch has its exact peak.</item>
/// <item>Client alone: the real <see cref="IShopifyAdminClient"/> does the same Shopify work on a fresh shop: one discount
/// with the first code, then the other codes in bulk adds of 250, each awaited with <c>AddCodesAsync</c> as
/// the <c>PushCodes</c> activity does, <see cref="PipelineConcurrency"/> at a time (host.json's
/// maxConcurrentActivityFunctions: the most chunks the pipeline pushes at once). The ratio pipeline / client alone is the
/// cost of the orchestration, our tables and planning. The same work done
/// sequentially is timed too, for reference.</item>
/// <item>Naive: one discount per member with its own code (4 workers, as the Shopify benchmark does), per code against
/// the large pipeline batch per code.</item>
/// </list>
/// <para><c>--app-log FILE</c> writes the app's console output there at the end (with e.g. <c>--set Logging:LogLevel:Default=Information</c>).
/// Extra app settings can be given as <c>--set Key=Value</c> (e.g. <c>--set AzureFunctionsJobHost:extensions:durableTask:storageProvider:maxQueuePollingInterval=00:00:00.200</c>);
/// keys under <c>Shopify:</c> apply to the client-alone runs as well, so both sides always use the same client settings.</para>
/// </summary>
public static class PipelineBenchmark
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public const int PipelineConcurrency = 10;
    private const int NaiveWorkers = 4;
    private const double MaxRatio = 1.3;
    private const double MaxPeakGrowth = 1.5;
    private const double MaxAcceptedSeconds = 0.5;
    private const double MinSpeedup = 10.0;
    private const string OperatorKey = "benchmark-operator-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var overrides = BenchmarkApp.SettingsFrom(args);
        var sizes = smoke ? new Sizes(Warmup: 20, Small: 100, Large: 500, Client: 500, Naive: 50) : new Sizes(Warmup: 50, Small: 2_000, Large: 10_000, Client: 10_000, Naive: 1_000);
        var wall = Stopwatch.StartNew();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pipeline benchmark{(smoke ? " (smoke)" : string.Empty)} ({Configuration}): standard-plan shops (bucket {PlanBucket}, restore {PlanRestore}/s, bulk jobs {PlanCodesPerSecond} codes/s)"));
        foreach (var (key, value) in overrides)
        {
            Console.WriteLine($"  setting {key} = {value}");
        }

        await using var azurite = await AzuriteServer.StartAsync();
        await using var mailDev = await MailDevServer.StartAsync();
        await using var simulator = await ShopifySimulatorHost.StartAsync();
        var shopifySettings = ShopifySettings(simulator, overrides);
        var failures = new List<string>();

        // 1 and 4: the pipeline, small batch then large batch, in one app process.
        PipelineResult small, large;
        MemoryFigures memoryFigures;
        await using (var app = await FunctionsAppProcess.StartAsync(AppSettings(azurite, mailDev, shopifySettings, overrides), FreePort.Next(), Configuration))
        await using (var memory = ProcessMemory.Watch(app.WorkerProcessIds[0], TimeSpan.FromMilliseconds(50)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local host pid {app.ProcessId}, app (worker) pid {app.WorkerProcessIds[0]} started: VmRSS {memory.RssMiB:0} MiB"));
            var runner = new PipelineRunner(app, azurite.ProcessId, simulator, memory, OperatorKey, progressEvery: smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2));
            var warmup = await runner.RunAsync("warm-up", sizes.Warmup);
            failures.AddRange(warmup.Problems);
            var baseline = memory.RssMiB;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after warm-up: VmRSS {baseline:0} MiB, VmHWM {memory.HighWaterMiB:0} MiB"));
            small = await runner.RunAsync("small", sizes.Small);
            large = await runner.RunAsync("large", sizes.Large);
            failures.AddRange(small.Problems);
            failures.AddRange(large.Problems);
            memoryFigures = new MemoryFigures(baseline, small.PeakRssMiB, small.HighWaterMiB, large.PeakRssMiB, large.HighWaterMiB, memory.RssMiB, memory.LifetimeHighWaterMiB);
            if (app.HasExited)
            {
                failures.Add("the app process exited during the run");
            }

            if (AppLogPath(args) is { } log)
            {
                await File.WriteAllTextAsync(log, app.Output);
                Console.WriteLine($"app output written to {log}");
            }
        }

        // 2 and 5: the client alone, after the app has stopped so it has the machine to itself.
        await using var services = BuildClient(simulator, shopifySettings);
        var client = services.GetRequiredService<IShopifyAdminClient>();
        await ClientRuns.WarmUpAsync(simulator, client);
        var concurrent = await ClientRuns.BulkAsync(simulator, client, "client-concurrent", sizes.Client, PipelineConcurrency);
        concurrent.Print($"client alone: {sizes.Client:N0} codes, bulk adds of 250, {PipelineConcurrency} at a time");
        var sequential = await ClientRuns.BulkAsync(simulator, client, "client-sequential", sizes.Client, 1);
        sequential.Print($"client alone: {sizes.Client:N0} codes, bulk adds of 250, one at a time (reference)");
        var naive = await ClientRuns.OnePerCodeAsync(simulator, client, "naive", sizes.Naive, NaiveWorkers);
        naive.Print($"naive: {sizes.Naive:N0} discounts with one code each, {NaiveWorkers} workers");
        failures.AddRange(concurrent.Problems.Concat(sequential.Problems).Concat(naive.Problems));

        // 3, 4, 5: the figures and the targets.
        var ratio = large.Seconds / concurrent.Seconds;
        var peakGrowth = memoryFigures.LargePeak / memoryFigures.SmallPeak;
        var pipelinePerCode = large.Seconds / large.Members;
        var naivePerCode = naive.Seconds / naive.Codes;
        var speedup = naivePerCode / pipelinePerCode;
        var targets = new List<(string Name, string Figure, string Target, bool Met)>
        {
            ("pipeline / client alone", F($"{ratio:0.00}"), F($"<= {MaxRatio:0.0}"), ratio <= MaxRatio),
            (F($"202 for {large.Members:N0} members"), F($"{large.AcceptedSeconds * 1000:0} ms"), F($"<= {MaxAcceptedSeconds * 1000:0} ms"), large.AcceptedSeconds <= MaxAcceptedSeconds),
            ("peak RSS large / small", F($"{peakGrowth:0.00}"), F($"< {MaxPeakGrowth:0.0}"), peakGrowth < MaxPeakGrowth),
            ("naive / pipeline per code", F($"{speedup:0.0}x"), F($">= {MinSpeedup:0}x"), speedup >= MinSpeedup),
        };

        PrintTable(sizes, small, large, concurrent, sequential, naive, memoryFigures, ratio, pipelinePerCode, naivePerCode, targets);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time {wall.Elapsed.TotalSeconds:0.0} s"));

        foreach (var failure in failures)
        {
            Console.WriteLine("VERIFICATION FAILED: " + failure);
        }

        var missed = targets.Where(t => !t.Met).Select(t => t.Name).ToList();
        if (missed.Count > 0)
        {
            Console.WriteLine($"targets missed: {string.Join(", ", missed)}{(smoke ? " (smoke run: not enforced)" : string.Empty)}");
        }
        else
        {
            Console.WriteLine("all targets met");
        }

        return failures.Count > 0 || (missed.Count > 0 && !smoke) ? 1 : 0;
    }

    internal const double PlanBucket = 2000;
    internal const double PlanRestore = 100;
    internal const double PlanCodesPerSecond = 1000;

    internal static (ShopifyShop Shop, ShopState State) NewShop(ShopifySimulatorHost simulator, string name)
    {
        var domain = $"bench-{name}-{Guid.NewGuid().ToString("N")[..6]}.myshopify.com";
        var token = $"shpat_{Guid.NewGuid():N}";
        var state = simulator.AddShop(new ShopConfig(domain, token, PlanBucket, PlanRestore, PlanCodesPerSecond));
        return (new ShopifyShop(domain, token), state);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void PrintTable(
        Sizes sizes, PipelineResult small, PipelineResult large, ClientResult concurrent, ClientResult sequential, ClientResult naive,
        MemoryFigures memory, double ratio, double pipelinePerCode, double naivePerCode, List<(string Name, string Figure, string Target, bool Met)> targets)
    {
        var rows = new List<(string, string)>
        {
            (F($"pipeline {large.Members:N0} members: POST -> completed"), F($"{large.Seconds:0.00} s ({large.Members / large.Seconds:0} codes/s, 202 after {large.AcceptedSeconds * 1000:0} ms)")),
            (F($"pipeline {small.Members:N0} members: POST -> completed"), F($"{small.Seconds:0.00} s ({small.Members / small.Seconds:0} codes/s)")),
            (F($"client alone {sizes.Client:N0} codes, {PipelineConcurrency} at a time"), F($"{concurrent.Seconds:0.00} s ({concurrent.Codes / concurrent.Seconds:0} codes/s)")),
            (F($"client alone {sizes.Client:N0} codes, sequential (ref.)"), F($"{sequential.Seconds:0.00} s ({sequential.Codes / sequential.Seconds:0} codes/s)")),
            ("Shopify job time alone (codes / 1,000/s)", F($"{(sizes.Client - 1) / PlanCodesPerSecond:0.00} s")),
            ("ratio pipeline / client alone", F($"{ratio:0.00}")),
            ("app VmRSS after warm-up (baseline)", F($"{memory.Baseline:0} MiB")),
            (F($"app peak during the {small.Members:N0} batch"), F($"VmHWM {memory.SmallHighWater:0} MiB (+{memory.SmallPeak - memory.Baseline:0} over baseline), VmRSS sampled max {memory.SmallSampled:0} MiB")),
            (F($"app peak during the {large.Members:N0} batch"), F($"VmHWM {memory.LargeHighWater:0} MiB (+{memory.LargePeak - memory.Baseline:0} over baseline), VmRSS sampled max {memory.LargeSampled:0} MiB")),
            ("app VmRSS at the end / VmHWM since start", F($"{memory.End:0} MiB / {memory.LifetimeHighWater:0} MiB")),
            (F($"naive {naive.Codes:N0} discounts"), F($"{naive.Seconds:0.00} s ({naivePerCode * 1000:0.00} ms per code)")),
            ("pipeline per code", F($"{pipelinePerCode * 1000:0.000} ms")),
            (F($"Shopify requests pipeline / client ({large.Members:N0})"), F($"{large.ShopRequests} / {concurrent.Requests} (THROTTLED {large.ShopThrottled} / {concurrent.Throttled})")),
        };
        var width = Math.Max(rows.Max(r => r.Item1.Length), targets.Max(t => t.Name.Length)) + 2;
        Console.WriteLine();
        Console.WriteLine("==== pipeline benchmark results " + new string('=', 60));
        foreach (var (name, value) in rows)
        {
            Console.WriteLine(name.PadRight(width) + value);
        }

        Console.WriteLine(new string('-', 92));
        foreach (var (name, figure, target, met) in targets)
        {
            Console.WriteLine(name.PadRight(width) + figure.PadRight(10) + ("target " + target).PadRight(18) + (met ? "PASS" : "FAIL"));
        }

        Console.WriteLine(new string('=', 92));
        Console.WriteLine(F($"memory criterion: the app's peak resident memory (VmHWM) during the {large.Members:N0} batch < {MaxPeakGrowth:0.0} x its peak during the {small.Members:N0} batch (same process, run after it); members are imported before each batch's clock starts."));
    }

    private static string? AppLogPath(string[] args) =>
        Array.IndexOf(args, "--app-log") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>The Shopify client settings both sides use: the production defaults, pointed at the simulator, plus any <c>--set Shopify:...</c>.</summary>
    private static Dictionary<string, string> ShopifySettings(ShopifySimulatorHost simulator, Dictionary<string, string> overrides)
    {
        var settings = new Dictionary<string, string> { ["Shopify:EndpointTemplate"] = simulator.EndpointTemplate };
        foreach (var (key, value) in overrides.Where(o => o.Key.StartsWith("Shopify:", StringComparison.OrdinalIgnoreCase)))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Dictionary<string, string?> AppSettings(AzuriteServer azurite, MailDevServer mailDev, Dictionary<string, string> shopify, Dictionary<string, string> overrides)
    {
        var settings = LocalHostSettings.ForInstance(azurite.ConnectionString, "pb" + Guid.NewGuid().ToString("N")[..6], configuration: BenchmarkApp.Configuration);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Operator:ApiKey"] = OperatorKey,
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:SecureSocketOptions"] = "None",
            ["Email:Smtp:FromAddress"] = "codes@benchmark.example.test",
            [LocalHostSettings.MaxConcurrentActivities] = PipelineConcurrency.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System"] = "Warning",
            ["Logging:LogLevel:Polly"] = "Warning",
        })
        {
            settings[key] = value;
        }

        foreach (var (key, value) in shopify.Concat(overrides))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static ServiceProvider BuildClient(ShopifySimulatorHost simulator, Dictionary<string, string> shopify)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(shopify.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddLogging().AddShopifyAdminClient(configuration).BuildServiceProvider();
    }

    private sealed record Sizes(int Warmup, int Small, int Large, int Client, int Naive);

    private sealed record MemoryFigures(double Baseline, double SmallSampled, double SmallHighWater, double LargeSampled, double LargeHighWater, double End, double LifetimeHighWater)
    {
        /// <summary>The batch's peak: VmHWM reset at its start (exact), or the sampled VmRSS if that is higher (VmHWM could not be reset).</summary>
        public double SmallPeak => Math.Max(SmallSampled, SmallHighWater);

        public double LargePeak => Math.Max(LargeSampled, LargeHighWater);
    }
}
