using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Members;
using PromoServerless.Functions.Offers;
using PromoServerless.Functions.Projects;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Pipeline;

/// <summary>
/// Runs one generation through the app's public API on a brand and shop of its own: creates the brand, an offer
/// and a project, imports the members, then times POST code-batches until the batch is completed, sampling the
/// app's memory and recording the batch's progress and the shop's bulk jobs to show where the time went.
/// </summary>
public sealed class PipelineRunner(FunctionsAppProcess app, int storagePid, ShopifySimulatorHost simulator, ProcessMemory memory, string operatorKey, TimeSpan progressEvery)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Varied names: {FIRSTNAME}{LASTNAME}{DISCOUNT} gives unique codes except for the twins (every 100th member copies the previous one).
    private static readonly string[] FirstNames =
    [
        "Ana", "Ben", "Chloe", "Dev", "Emma", "Finn", "Gia", "Hugo", "Ines", "Jules", "Kai", "Lena", "Milo", "Nora", "Omar", "Paula",
        "Quinn", "Rosa", "Sami", "Tara", "Ugo", "Vera", "Wes", "Xena", "Yann", "Zoe", "Élodie", "Jörg", "Łucja", "Søren",
    ];

    private static readonly string[] Syllables = ["ka", "lo", "mi", "ne", "ro", "sa", "ti", "vu", "be", "do", "fa", "gu", "ha", "ji", "ko", "le", "mo", "nu", "pe", "ri"];

    public async Task<PipelineResult> RunAsync(string label, int members)
    {
        var (shop, state) = PipelineBenchmark.NewShop(simulator, label);
        using var operatorClient = Client(operatorKey);
        var brandKey = await CreateBrandAsync(operatorClient, label, shop.Domain, shop.AccessToken);
        using var client = Client(brandKey);
        var (offerId, projectId) = await CreateOfferAndMembersAsync(client, label, members);

        if (!memory.ResetPhase())
        {
            Console.WriteLine("  (VmHWM could not be reset: it counts from the app's start; the sampled VmRSS is the batch's own peak)");
        }

        var problems = new List<string>();
        var progress = new List<Progress>();
        var cpuBefore = (App: ProcessCpu.Seconds(app), Storage: ProcessCpu.Seconds(storagePid), Self: ProcessCpu.Seconds(Environment.ProcessId));
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/code-batches")
        {
            Content = JsonContent.Create(new { projectIds = new[] { projectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-5) }),
        };
        request.Headers.Add("Idempotency-Key", $"bench-{label}-{Guid.NewGuid():N}");
        using var response = await client.SendAsync(request);
        var accepted = watch.Elapsed;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST code-batches answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var batchId = (await response.Content.ReadFromJsonAsync<CodeBatchAcceptedResponse>(BenchmarkApp.Json))!.Batch.Id;
        CodeBatchResponse batch;
        var nextReport = progressEvery;
        while (true)
        {
            batch = (await client.GetFromJsonAsync<CodeBatchDetailResponse>($"api/v1/code-batches/{batchId}?pageSize=0", BenchmarkApp.Json))!.Batch;
            var now = watch.Elapsed;
            var status = batch.Status;
            var point = new Progress(now.TotalSeconds, batch.Reserved, batch.Created, batch.Failed);
            progress.Add(point);
            if (status is CodeBatchStatus.Completed or CodeBatchStatus.CompletedWithErrors or CodeBatchStatus.Failed)
            {
                break;
            }

            if (now >= nextReport)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{label}] {now.TotalSeconds,5:0.0} s  {status,-9} reserved {point.Reserved,6}  created {point.Created,6}  failed {point.Failed}  app VmRSS {memory.RssMiB:0} MiB"));
                nextReport = now + progressEvery;
            }

            if (now > Timeout)
            {
                throw new TimeoutException($"Batch {batchId} ({label}) did not finish in {Timeout}: {batch}");
            }

            await Task.Delay(PollInterval);
        }

        watch.Stop();
        var cpu = new CpuUse(ProcessCpu.Seconds(app) - cpuBefore.App, ProcessCpu.Seconds(storagePid) - cpuBefore.Storage, ProcessCpu.Seconds(Environment.ProcessId) - cpuBefore.Self);
        var elapsed = watch.Elapsed.TotalSeconds;
        var peak = memory.PhasePeakMiB;
        var highWater = memory.HighWaterMiB;

        var finalStatus = batch.Status;
        var created = batch.Created;
        var failed = batch.Failed;
        var snapshot = ShopSnapshot.Of(state);
        var shopCodes = snapshot.Discounts.Sum(d => d.Codes.Count);
        var distinctCodes = snapshot.Discounts.SelectMany(d => d.Codes).Select(c => c.Code.ToUpperInvariant()).Distinct().Count();
        if (finalStatus != CodeBatchStatus.Completed)
        {
            problems.Add($"{label}: batch ended {finalStatus}: {batch}");
        }

        if (created != members || failed != 0)
        {
            problems.Add($"{label}: batch created {created}, failed {failed}, expected {members} created");
        }

        if (shopCodes != members || distinctCodes != members || snapshot.Discounts.Count != 1)
        {
            problems.Add($"{label}: the simulator holds {shopCodes} codes ({distinctCodes} distinct) on {snapshot.Discounts.Count} discount(s), expected {members} on 1");
        }

        var jobs = ShopJobs.Of(state, started);
        var result = new PipelineResult(label, members, elapsed, accepted.TotalSeconds, created, shopCodes, peak, highWater, snapshot.Requests, snapshot.Throttled, jobs, cpu, progress, problems);
        result.Print();
        return result;
    }

    private HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = app.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    internal static async Task<string> CreateBrandAsync(HttpClient operatorClient, string label, string shopDomain, string token)
    {
        var brand = await operatorClient.PostAsJsonAsync("api/v1/brands", new
        {
            name = $"Bench {label} {Guid.NewGuid():N}",
            shopDomain,
            shopifyAccessToken = token,
            shopifyWebhookSecret = "whsec_bench",
            currency = "USD",
        });
        await EnsureAsync(brand, "create brand");
        var id = (await brand.Content.ReadFromJsonAsync<BrandResponse>(BenchmarkApp.Json))!.Id;
        var key = await operatorClient.PostAsJsonAsync($"api/v1/brands/{id}/api-keys", new { name = "bench" });
        await EnsureAsync(key, "create API key");
        return (await key.Content.ReadFromJsonAsync<IssuedApiKeyResponse>(BenchmarkApp.Json))!.Key;
    }

    internal static async Task<(string OfferId, string ProjectId)> CreateOfferAndMembersAsync(HttpClient client, string label, int members)
    {
        var offer = await client.PostAsJsonAsync("api/v1/offers", new
        {
            name = $"Bench offer {label}",
            groupName = $"Bench creators {label}",
            payoutOptions = new[] { new { label = "Standard", type = "CPS", percent = 10m } },
            discount = new { type = "percentage", value = 10 },
            namingStrategy = new { pattern = "{FIRSTNAME}{LASTNAME}{DISCOUNT}" },
        });
        await EnsureAsync(offer, "create offer");
        var offerId = (await offer.Content.ReadFromJsonAsync<OfferResponse>(BenchmarkApp.Json))!.Id;
        var project = await client.PostAsJsonAsync("api/v1/projects", new { name = $"Bench project {label}" });
        await EnsureAsync(project, "create project");
        var projectId = (await project.Content.ReadFromJsonAsync<ProjectResponse>(BenchmarkApp.Json))!.Id;

        var rows = Enumerable.Range(0, members).Select(i =>
        {
            var n = i % 100 == 99 ? i - 1 : i; // a twin: same name as the member before, so its code collides
            return new { firstName = FirstNames[n % FirstNames.Length], lastName = LastName(n / FirstNames.Length), email = $"m{i}@{label}.bench.test" };
        }).ToArray();
        foreach (var part in rows.Chunk(10_000))
        {
            var import = await client.PostAsJsonAsync($"api/v1/members/import?projectId={projectId}", part);
            await EnsureAsync(import, "import members");
            var text = await import.Content.ReadAsStringAsync();
            var body = JsonSerializer.Deserialize<MemberImportResponse>(text, BenchmarkApp.Json)!;
            if (body.Created != part.Length)
            {
                throw new InvalidOperationException($"The import created {body.Created} of {part.Length} members: {text[..Math.Min(600, text.Length)]}");
            }
        }

        return (offerId, projectId);
    }

    private static string LastName(int n)
    {
        var a = Syllables[n % Syllables.Length];
        var b = Syllables[(n / Syllables.Length) % Syllables.Length];
        var c = Syllables[(n / Syllables.Length / Syllables.Length) % Syllables.Length];
        return char.ToUpperInvariant(a[0]) + a[1..] + b + c;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 800)]}");
        }
    }
}

/// <summary>CPU seconds used during one batch by the app, Azurite, and this process (the in-process simulator and the harness).</summary>
public sealed record CpuUse(double App, double Storage, double Harness)
{
    public double Total => App + Storage + Harness;
}

public sealed record Progress(double Seconds, int Reserved, int Created, int Failed);

/// <summary>The shop's bulk jobs relative to the POST: when Shopify first had work, when it last finished, and how long its job queue sat idle in between.</summary>
public sealed record ShopJobs(int Count, double FirstQueuedAt, double LastDoneAt, double BusySeconds, double IdleSeconds, int MaxQueued)
{
    public static ShopJobs Of(ShopState state, DateTimeOffset origin)
    {
        List<(DateTimeOffset Created, DateTimeOffset Done, int Codes)> jobs;
        lock (state.Gate)
        {
            jobs = state.BulkJobs.Values.Select(j => (j.CreatedAt, j.DoneAt, j.Codes.Count)).OrderBy(j => j.CreatedAt).ToList();
        }

        if (jobs.Count == 0)
        {
            return new ShopJobs(0, 0, 0, 0, 0, 0);
        }

        var busy = jobs.Sum(j => j.Codes) / PipelineBenchmark.PlanCodesPerSecond;
        var first = (jobs[0].Created - origin).TotalSeconds;
        var last = (jobs.Max(j => j.Done) - origin).TotalSeconds;

        // How many jobs were waiting or running at once, at most: how far ahead of Shopify the pipeline kept its job queue.
        var maxQueued = jobs.Max(j => jobs.Count(o => o.Created <= j.Created && o.Done > j.Created));
        return new ShopJobs(jobs.Count, first, last, busy, last - first - busy, maxQueued);
    }
}

public sealed record PipelineResult(
    string Label,
    int Members,
    double Seconds,
    double AcceptedSeconds,
    int Created,
    int ShopCodes,
    double PeakRssMiB,
    double HighWaterMiB,
    long ShopRequests,
    long ShopThrottled,
    ShopJobs Jobs,
    CpuUse Cpu,
    IReadOnlyList<Progress> Timeline,
    IReadOnlyList<string> Problems)
{
    public void Print()
    {
        string At(Func<Progress, bool> reached) => Timeline.FirstOrDefault(reached) is { } p ? p.Seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";
        var half = Members / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline [{Label}] {Members:N0} members: completed in {Seconds:0.00} s ({Members / Seconds:0} codes/s), 202 after {AcceptedSeconds * 1000:0} ms; batch created {Created:N0}, simulator holds {ShopCodes:N0} codes"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  app memory during the batch: VmHWM {HighWaterMiB:0} MiB, VmRSS sampled max {PeakRssMiB:0} MiB"));
        Console.WriteLine($"  progress: first reserved {At(p => p.Reserved > 0)}, all reserved {At(p => p.Reserved + p.Failed >= Members)}, first created {At(p => p.Created > 0)}, half created {At(p => p.Created >= half)}, all created {At(p => p.Created + p.Failed >= Members)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Shopify: {Jobs.Count} bulk jobs, first queued at {Jobs.FirstQueuedAt:0.00} s, last done at {Jobs.LastDoneAt:0.00} s, job queue busy {Jobs.BusySeconds:0.00} s / idle {Jobs.IdleSeconds:0.00} s in between, at most {Jobs.MaxQueued} jobs queued at once; {ShopRequests} requests, {ShopThrottled} THROTTLED"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU during the batch: app {Cpu.App:0.0} s, Azurite {Cpu.Storage:0.0} s, simulator + harness {Cpu.Harness:0.0} s; {Cpu.Total / Seconds:0.00} of the machine's {Environment.ProcessorCount} cores on average"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tail: last job done -> batch seen completed {Seconds - Jobs.LastDoneAt:0.00} s"));
    }
}
