using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PromoServerless.Benchmarks.Pipeline;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Codes;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Recovery;

/// <summary>
/// How a generation recovers from a crash (issue 18, "Crashes"): a shop importing 100 codes/s, 2,000 members; one run
/// undisturbed, one where the worker process is killed at 25 % (the host starts another), one where the whole local
/// host is killed at 25 % and started again. Each run has its own brand and shop on one Azurite. Prints, per run, the
/// time from the kill (or restart) to the next code created, the batch's total time against the undisturbed one, the
/// codes in Shopify, and how often Durable reported <c>PopReceiptMismatch</c> (a work item handed out again while its
/// first run still went on).
/// </summary>
public static class RecoveryBenchmark
{
    private const double CodesPerSecond = 100;
    private const double MaxSecondsToProgress = 10;
    private const double MaxExtraSeconds = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke", StringComparer.Ordinal);
        var members = smoke ? 300 : 2_000;
        Console.WriteLine(F($"Recovery benchmark{(smoke ? " (smoke)" : string.Empty)} ({BenchmarkApp.Configuration}): {members:N0} members, shops importing {CodesPerSecond:0} codes/s, kills at 25 %"));
        await using var azurite = await AzuriteServer.StartAsync();
        await using var mailDev = await MailDevServer.StartAsync();
        await using var simulator = await ShopifySimulatorHost.StartAsync();
        var settings = Settings(azurite, mailDev, simulator);
        var port = FreePort.Next();

        var runs = new List<RunResult>();
        foreach (var kill in new[] { Kill.None, Kill.Worker, Kill.Host })
        {
            runs.Add(await RunOnceAsync(settings, port, simulator, kill, members));
        }

        var undisturbed = runs[0];
        var targets = new List<(string Name, string Figure, string Target, bool Met)>
        {
            ("PopReceiptMismatch, run without kills", F($"{undisturbed.PopReceiptMismatches}"), "0", undisturbed.PopReceiptMismatches == 0),
        };
        foreach (var run in runs.Skip(1))
        {
            targets.Add((F($"{run.Kill} kill: restart -> next code"), F($"{run.SecondsToProgress:0.0} s"), F($"<= {MaxSecondsToProgress:0} s"), run.SecondsToProgress <= MaxSecondsToProgress));
            targets.Add((F($"{run.Kill} kill: batch time - undisturbed"), F($"{run.Seconds - undisturbed.Seconds:+0.0;-0.0} s"), F($"<= {MaxExtraSeconds:0} s"), run.Seconds - undisturbed.Seconds <= MaxExtraSeconds));
        }

        Console.WriteLine();
        Console.WriteLine("==== recovery benchmark results " + new string('=', 60));
        foreach (var run in runs)
        {
            Console.WriteLine(F($"{run.Kill,-7} batch {run.Seconds,6:0.0} s; killed at {run.KilledAtSeconds,5:0.0} s, back (healthy) after {run.SecondsToRestart,4:0.0} s, next code {run.SecondsToProgress,4:0.0} s after that; Shopify holds {run.ShopCodes:N0} codes ({run.DistinctCodes:N0} distinct); PopReceiptMismatch {run.PopReceiptMismatches}"));
        }

        Console.WriteLine(new string('-', 92));
        foreach (var (name, figure, target, met) in targets)
        {
            Console.WriteLine(name.PadRight(44) + figure.PadRight(10) + ("target " + target).PadRight(18) + (met ? "PASS" : "FAIL"));
        }

        Console.WriteLine(new string('=', 92));
        var failures = runs.SelectMany(r => r.Problems).ToList();
        failures.ForEach(f => Console.WriteLine("VERIFICATION FAILED: " + f));
        var missed = targets.Where(t => !t.Met).ToList();
        Console.WriteLine(missed.Count == 0 ? "all targets met" : $"targets missed: {string.Join(", ", missed.Select(t => t.Name))}{(smoke ? " (smoke run: not enforced)" : string.Empty)}");
        return failures.Count > 0 || (missed.Count > 0 && !smoke) ? 1 : 0;
    }

    private enum Kill
    {
        None,
        Worker,
        Host,
    }

    private static async Task<RunResult> RunOnceAsync(Dictionary<string, string?> settings, int port, ShopifySimulatorHost simulator, Kill kill, int members)
    {
        var label = kill.ToString().ToLowerInvariant();
        var domain = $"recovery-{label}-{Guid.NewGuid().ToString("N")[..6]}.myshopify.com";
        var token = $"shpat_{Guid.NewGuid():N}";
        var shop = simulator.AddShop(new ShopConfig(domain, token, CodesPerSecond: CodesPerSecond));
        var app = await FunctionsAppProcess.StartAsync(settings, port, BenchmarkApp.Configuration);
        var output = new List<string>();
        try
        {
            using var operatorClient = Client(app.BaseUri, BenchmarkApp.OperatorKey);
            var brandKey = await PipelineRunner.CreateBrandAsync(operatorClient, label, domain, token);
            using var client = Client(app.BaseUri, brandKey);
            var (offerId, projectId) = await PipelineRunner.CreateOfferAndMembersAsync(client, label, members);

            var watch = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/code-batches")
            {
                Content = JsonContent.Create(new { projectIds = new[] { projectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-5) }),
            };
            request.Headers.Add("Idempotency-Key", $"recovery-{label}-{Guid.NewGuid():N}");
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST code-batches answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            var batchId = (await response.Content.ReadFromJsonAsync<CodeBatchAcceptedResponse>(BenchmarkApp.Json))!.Batch.Id;
            double killedAt = 0, restarted = 0, progressed = 0;
            var createdAtKill = -1;
            CodeBatchResponse batch;
            while (true)
            {
                batch = await ReadBatchAsync(app.BaseUri, brandKey, batchId);
                if (batch.Status is CodeBatchStatus.Completed or CodeBatchStatus.CompletedWithErrors or CodeBatchStatus.Failed)
                {
                    break;
                }

                if (kill != Kill.None && createdAtKill < 0 && batch.Created >= members / 4)
                {
                    createdAtKill = batch.Created;
                    killedAt = watch.Elapsed.TotalSeconds;
                    if (kill == Kill.Worker)
                    {
                        app.KillWorker();
                        await WaitForNewWorkerAsync(app);
                    }
                    else
                    {
                        output.Add(app.Output);
                        await app.DisposeAsync();
                        app = await FunctionsAppProcess.StartAsync(settings, port, BenchmarkApp.Configuration);
                    }

                    restarted = watch.Elapsed.TotalSeconds;
                }
                else if (createdAtKill >= 0 && progressed == 0 && batch.Created > createdAtKill)
                {
                    progressed = watch.Elapsed.TotalSeconds;
                }

                if (watch.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"Batch {batchId} ({label}) did not finish: {batch}");
                }

                await Task.Delay(100);
            }

            var seconds = watch.Elapsed.TotalSeconds;
            output.Add(app.Output);
            var snapshot = ShopSnapshot.Of(shop);
            var codes = snapshot.Discounts.SelectMany(d => d.Codes).Select(c => c.Code.ToUpperInvariant()).ToList();
            var problems = new List<string>();
            if (batch.Status != CodeBatchStatus.Completed || batch.Created != members || codes.Count != members || codes.Distinct().Count() != members)
            {
                problems.Add(F($"{label}: batch {batch.Status}, created {batch.Created}; Shopify holds {codes.Count} codes ({codes.Distinct().Count()} distinct), expected {members}"));
            }

            var mismatches = output.Sum(o => Regex.Count(o, "PopReceiptMismatch"));
            Console.WriteLine(F($"  [{label}] completed in {seconds:0.0} s"));
            return new RunResult(kill, seconds, killedAt, restarted - killedAt, progressed == 0 ? double.NaN : progressed - restarted, codes.Count, codes.Distinct().Count(), mismatches, problems);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task WaitForNewWorkerAsync(FunctionsAppProcess app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (app.WorkerProcessIds.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static async Task<CodeBatchResponse> ReadBatchAsync(Uri baseUri, string brandKey, string batchId)
    {
        using var client = Client(baseUri, brandKey);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await client.GetFromJsonAsync<CodeBatchDetailResponse>($"api/v1/code-batches/{batchId}?pageSize=0", BenchmarkApp.Json))!.Batch;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                // The worker is starting again.
                await Task.Delay(100);
            }
        }
    }

    private static HttpClient Client(Uri baseUri, string apiKey)
    {
        var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    private static Dictionary<string, string?> Settings(AzuriteServer azurite, MailDevServer mailDev, ShopifySimulatorHost simulator)
    {
        var settings = LocalHostSettings.ForInstance(azurite.ConnectionString, "rb" + Guid.NewGuid().ToString("N")[..6], configuration: BenchmarkApp.Configuration);
        settings["Operator:ApiKey"] = BenchmarkApp.OperatorKey;
        settings["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Shopify:EndpointTemplate"] = simulator.EndpointTemplate;
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Email:Smtp:SecureSocketOptions"] = "None";
        settings["Email:Smtp:FromAddress"] = "codes@benchmark.example.test";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record RunResult(
        Kill Kill, double Seconds, double KilledAtSeconds, double SecondsToRestart, double SecondsToProgress, int ShopCodes, int DistinctCodes, int PopReceiptMismatches, IReadOnlyList<string> Problems);
}
