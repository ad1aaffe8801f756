using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Codes;

/// <summary>
/// The generation of 2,000 members, with their emails, while the app dies at least 20 times: its worker process is
/// killed from outside at random moments (the local host starts another, as Azure's host does), every fifth time the
/// whole local host with it, and the host kills its worker itself just before or after activities (after Shopify
/// committed, before we recorded); meanwhile Shopify throttles, fails and drops answers. The host runs as its own
/// process against the shared Azurite, simulator and MailDev, with its own tables and task hub.
/// </summary>
public sealed class CrashSafetyTests(StackFixture stack, ITestOutputHelper output)
{
    private const int Members = 2_000;
    private const int MinimumKills = 20;

    // Chance of dying just before or after each activity, until everything is done (the email chunks included).
    // On top of these, the test kills the process from outside at random moments until the 20th death.
    private const double CrashProbability = 0.02;

    // Shopify's bulk jobs run this slowly until the 20th death, so the kills land while codes are being created
    // however fast the machine is (2,000 codes take at least 200 s at this pace); then the shop speeds up.
    private const double SlowCodesPerSecond = 10;
    private const double FastCodesPerSecond = 5000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    // A death re-sends at most the emails whose outcomes were in one storage write; a few deaths land while emails go out.
    private const int MaxResentEmails = 20;

    [Fact]
    public async Task Generate_WhenTheAppIsKilledRepeatedlyAndShopifyMisbehaves_ShouldGiveEveryMemberExactlyOneCodeAndTheirEmail()
    {
        var prefix = "crash" + Guid.NewGuid().ToString("N")[..6];
        var shopDomain = $"crash-{Guid.NewGuid():N}.myshopify.com";
        var token = "shpat_" + Guid.NewGuid().ToString("N");
        var shop = stack.Simulator.AddShop(new ShopConfig(shopDomain, token, CodesPerSecond: SlowCodesPerSecond));
        shop.Faults.Add(new FaultRule(FaultKind.Throttled, Count: null, Probability: 0.05));
        shop.Faults.Add(new FaultRule(FaultKind.ServerError, Count: null, Probability: 0.05));
        shop.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: null, Probability: 0.05, Operation: "mutation"));

        await using var app = new RestartingApp(Settings(prefix), output, () => shop.Counters.Requests);
        await app.StartAsync(crashProbability: 0);
        var brandKey = await CreateBrandAsync(app, shopDomain, token);
        var (offerId, projectId) = await CreateOfferAndMembersAsync(app, brandKey, prefix);

        await app.RestartAsync(crashProbability: CrashProbability);
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var batchId = await app.RetryAsync(client => StartGenerationAsync(client, brandKey, offerId, projectId, startsAt));
        var batch = await WaitForEverythingAsync(app, shop, brandKey, batchId, prefix);

        output.WriteLine($"kills: {app.Kills} ({app.WorkerKills} of the worker alone, {app.HostKills} of the whole host); batch: {batch}");
        output.WriteLine($"from a death to the next Shopify call (s): worker {app.ResumeReport(DeathKind.Worker)}; host {app.ResumeReport(DeathKind.Host)}");
        Assert.True(app.Kills >= MinimumKills, $"Only {app.Kills} kills happened.");
        Assert.True(app.HostKills >= 2 && app.WorkerKills >= 2, $"The kills were {app.WorkerKills} of the worker and {app.HostKills} of the host.");
        await app.RestartAsync(crashProbability: 0);
        Assert.Equal("completed", batch.Status);
        Assert.Equal(Members, batch.Created);
        Assert.Equal(0, batch.Failed);

        using var client = app.Client(brandKey);
        var items = await ReadAllAsync<BatchItemView>(client, $"api/v1/code-batches/{batchId}?pageSize=1000");
        Assert.Equal(Members, items.Count);
        Assert.All(items, i => Assert.Equal("created", i.State));

        var codes = await ReadAllAsync<CodeView>(client, $"api/v1/offers/{offerId}/codes?pageSize=1000");
        Assert.Equal(Members, codes.Count);
        Assert.Equal(Members, codes.Select(c => c.MemberId).Distinct().Count());
        var apiCodes = codes.Select(c => c.Code.ToUpperInvariant()).ToHashSet();
        Assert.Equal(Members, apiCodes.Count);
        Assert.All(codes, c => Assert.Equal("active", c.Status));

        var snapshot = ShopSnapshot.Of(shop);
        var discount = Assert.Single(snapshot.Discounts);
        var shopifyCodes = discount.Codes.Select(c => c.Code.ToUpperInvariant()).ToList();
        Assert.Equal(Members, shopifyCodes.Count);
        Assert.True(apiCodes.SetEquals(shopifyCodes), "The codes in Shopify differ from the members' codes.");

        // Every member got their email. A death between the relay's acceptance and the outcome's write (another
        // chunk's activity ending in an injected crash, say) has that try's last few emails sent again by the retry,
        // always with the same Message-ID (ADR 0006, the at-least-once window); nothing else may send twice.
        var emails = await OurEmailsAsync(prefix);
        var perMember = emails.GroupBy(e => e.To[0].Address, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(Members, perMember.Count);
        Assert.All(perMember, p => Assert.True(p.Value.Select(e => e.MessageId).Distinct().Count() == 1, $"{p.Key} received {p.Value.Count} emails with different Message-IDs."));
        var resent = perMember.Values.Sum(e => e.Count - 1);
        output.WriteLine($"emails sent again after a death in the at-least-once window: {resent}");
        Assert.True(resent <= MaxResentEmails, $"{resent} emails were sent twice.");

        var unfinished = await WaitForOrchestrationsAsync(prefix);
        Assert.True(unfinished.Count == 0, "Orchestrations not completed: " + string.Join(", ", unfinished));
    }

    private Dictionary<string, string?> Settings(string prefix)
    {
        var settings = LocalHostSettings.ForInstance(stack.Azurite.ConnectionString, prefix);
        settings["Operator:ApiKey"] = AppFactory.OperatorKey;
        settings["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        // A dead worker's activities are handed out again this soon; a dead host's orchestration messages only after
        // the control queues' visibility timeout, of which the Durable extension accepts no less than a minute.
        settings[LocalHostSettings.ActivityVisibility] = "00:00:05";
        settings[LocalHostSettings.ControlQueueVisibility] = "00:01:00";
        settings[LocalHostSettings.DurablePolling] = "00:00:00.500";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in AppFactory.ServiceSettings(stack.Simulator.EndpointTemplate, stack.MailDev.SmtpPort))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<string> CreateBrandAsync(RestartingApp app, string shopDomain, string token)
    {
        using var client = app.Client(AppFactory.OperatorKey);
        var brand = await client.PostAsJsonAsync("api/v1/brands", new { name = "Crash test", shopDomain, shopifyAccessToken = token, shopifyWebhookSecret = "secret", currency = "USD", senderAddress = "team@crash.example" });
        brand.EnsureSuccessStatusCode();
        var id = (await brand.Content.ReadFromJsonAsync<IdBody>())!.Id;
        var key = await client.PostAsJsonAsync($"api/v1/brands/{id}/api-keys", new { name = "crash" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<KeyBody>())!.Key;
    }

    private static async Task<(string OfferId, string ProjectId)> CreateOfferAndMembersAsync(RestartingApp app, string brandKey, string prefix)
    {
        using var client = app.Client(brandKey);
        var offer = await client.PostAsJsonAsync("api/v1/offers", new
        {
            name = "Crash offer",
            groupName = "Crash creators",
            payoutOptions = new[] { new { label = "Standard", type = "CPS", percent = 10m } },
            discount = new { type = "percentage", value = 15 },
            namingStrategy = new { pattern = "{FIRSTNAME}{LASTNAME}{DISCOUNT}" },
        });
        offer.EnsureSuccessStatusCode();
        var offerId = (await offer.Content.ReadFromJsonAsync<IdBody>())!.Id;
        var project = await client.PostAsJsonAsync("api/v1/projects", new { name = "Crash project" });
        project.EnsureSuccessStatusCode();
        var projectId = (await project.Content.ReadFromJsonAsync<IdBody>())!.Id;

        // Every name is worn by two members (and a few by members far apart), so codes collide inside chunks and across them.
        string[] names = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Finn", "Gia", "Hugo"];
        var members = Enumerable.Range(0, Members).Select(i =>
        {
            var twin = i % 500 == 499 ? 0 : i / 2;
            return new
            {
                firstName = names[twin % names.Length],
                lastName = "M" + twin.ToString(CultureInfo.InvariantCulture),
                email = $"m{i}@{prefix}.test",
            };
        });
        var import = await client.PostAsJsonAsync($"api/v1/members/import?projectId={projectId}", members);
        import.EnsureSuccessStatusCode();
        return (offerId, projectId);
    }

    private static async Task<string> StartGenerationAsync(HttpClient client, string brandKey, string offerId, string projectId, DateTimeOffset startsAt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offerId}/code-batches")
        {
            Content = JsonContent.Create(new { projectIds = new[] { projectId }, startsAt, sendEmails = true }),
        };
        request.Headers.Add("Idempotency-Key", "crash-test-" + offerId);
        request.Headers.Add("x-api-key", brandKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text[..Math.Min(text.Length, 600)]);
        return (await response.Content.ReadFromJsonAsync<BatchDetail>())!.Batch.Id;
    }

    /// <summary>
    /// Keeps the app alive (restarting it whenever it dies) and kills it from outside until the 20th death, until
    /// the batch has finished and every member's email has arrived.
    /// </summary>
    private async Task<BatchView> WaitForEverythingAsync(RestartingApp app, ShopState shop, string brandKey, string batchId, string prefix)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var nextEmailCount = DateTime.UtcNow;
        BatchView? finished = null;
        while (DateTime.UtcNow < deadline)
        {
            if (app.Kills >= MinimumKills && shop.Config.CodesPerSecond < FastCodesPerSecond)
            {
                shop.Reconfigure(shop.Config with { CodesPerSecond = FastCodesPerSecond });
            }
            else if (app.Kills < MinimumKills && app.IsDueForKill)
            {
                app.KillNow();
            }

            await app.EnsureRunningAsync();
            if (finished is null)
            {
                app.Observe();
            }

            try
            {
                using var client = app.Client(brandKey);
                var batch = (await client.GetFromJsonAsync<BatchDetail>($"api/v1/code-batches/{batchId}?pageSize=0"))!.Batch;
                if (batch.Status is "completed" or "completedWithErrors" or "failed")
                {
                    finished = batch;
                }
            }
            catch (HttpRequestException)
            {
                // The process died under the request; EnsureRunningAsync restarts it.
            }

            if (finished is not null && app.Kills >= MinimumKills && DateTime.UtcNow >= nextEmailCount)
            {
                if ((await OurEmailsAsync(prefix)).Count >= Members)
                {
                    return finished;
                }

                nextEmailCount = DateTime.UtcNow.AddSeconds(2);
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Batch {batchId} and its emails did not finish in {Timeout} ({app.Kills} kills, batch {finished?.ToString() ?? "unfinished"}).");
    }

    private static async Task<List<T>> ReadAllAsync<T>(HttpClient client, string url)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var page = (await client.GetFromJsonAsync<Page<T>>(token is null ? url : $"{url}&continuationToken={Uri.EscapeDataString(token)}"))!;
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    private async Task<List<MailDevEmail>> OurEmailsAsync(string prefix) =>
        (await stack.Mail.ListAsync(TestContext.Current.CancellationToken))
            .Where(e => e.To.Count == 1 && e.To[0].Address.EndsWith("@" + prefix + ".test", StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>The instances still unfinished once the last emails' orchestrations have had a few seconds to record their ends.</summary>
    private async Task<List<string>> WaitForOrchestrationsAsync(string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var hub = new TaskHub(stack.Azurite.ConnectionString, prefix + "hub");
        while (true)
        {
            var unfinished = await hub.UnfinishedAsync(TestContext.Current.CancellationToken);
            if (unfinished.Count == 0 || DateTime.UtcNow > deadline)
            {
                return unfinished;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    private sealed record IdBody(string Id);

    private sealed record KeyBody(string Key);

    private sealed record BatchView(string Id, string Status, int Total, int Created, int Failed);

    private sealed record BatchDetail(BatchView Batch);

    private sealed record BatchItemView(string MemberId, string State);

    private sealed record CodeView(string MemberId, string Code, string Status);

    private sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

    private enum DeathKind
    {
        Worker,
        Host,
    }

    /// <summary>
    /// The local host as a child process, restarted whenever it dies, and its worker, which the host restarts itself;
    /// counts the deaths of each (injected crashes included: they show as a new worker process) and how long each
    /// took to get back to work.
    /// </summary>
    private sealed class RestartingApp(Dictionary<string, string?> settings, ITestOutputHelper output, Func<long> shopifyRequests) : IAsyncDisposable
    {
        // Every fifth kill from outside takes the whole host down; the others kill its worker alone.
        private const int HostKillEvery = 5;

        private readonly int _port = FreePort.Next();
        private readonly Dictionary<DeathKind, List<double>> _resumes = new() { [DeathKind.Worker] = [], [DeathKind.Host] = [] };
        private FunctionsAppProcess? _process;
        private int? _worker;
        private int _externalKills;
        private Stopwatch _sinceDeath = Stopwatch.StartNew();
        private long _requestsAtDeath;
        private DeathKind? _resuming;
        private TimeSpan? _resumedAfter;
        private TimeSpan _killAfterResume;

        public int WorkerKills { get; private set; }

        public int HostKills { get; private set; }

        public int Kills => WorkerKills + HostKills;

        public double CrashProbability { get; private set; }

        private Uri BaseUri => new($"http://127.0.0.1:{_port}/");

        public HttpClient Client(string apiKey)
        {
            var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
            return client;
        }

        public async Task StartAsync(double crashProbability)
        {
            CrashProbability = crashProbability;
            settings[LocalHostSettings.CrashProbability] = crashProbability.ToString(CultureInfo.InvariantCulture);
            _process = await FunctionsAppProcess.StartAsync(settings, _port);
            _worker = FirstWorker(_process);
        }

        public async Task RestartAsync(double crashProbability)
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
                _process = null;
            }

            CrashProbability = crashProbability;
            await EnsureRunningAsync();
        }

        /// <summary>Kills the worker, or every few times the whole host, wherever it is; the next check counts the death.</summary>
        public void KillNow()
        {
            if (++_externalKills % HostKillEvery == 0)
            {
                _process?.Kill();
            }
            else
            {
                _process?.KillWorker();
            }
        }

        public async Task EnsureRunningAsync()
        {
            if (_process is { HasExited: true } dead)
            {
                HostKills++;
                output.WriteLine($"host died ({Kills}): {LastLine(dead.Output)}");
                _process = null;
                await dead.DisposeAsync();
                Died(DeathKind.Host);
            }

            for (var attempt = 0; _process is null; attempt++)
            {
                try
                {
                    await StartAsync(CrashProbability);
                }
                catch (InvalidOperationException ex) when (attempt < 5)
                {
                    // A crash can fire while the host starts and picks up the dead one's activities.
                    HostKills++;
                    output.WriteLine($"host died while starting ({Kills}): {LastLine(ex.Message)}");
                }
            }

            if (FirstWorker(_process) is var worker and not 0 && worker != _worker)
            {
                if (_worker is not null and not 0)
                {
                    WorkerKills++;
                    Died(DeathKind.Worker);
                }

                _worker = worker;
            }
        }

        private static int FirstWorker(FunctionsAppProcess process) => process.WorkerProcessIds is [var first, ..] ? first : 0;

        private void Died(DeathKind kind)
        {
            _sinceDeath = Stopwatch.StartNew();
            _requestsAtDeath = shopifyRequests();
            _resuming = kind;
            _resumedAfter = null;
            _killAfterResume = TimeSpan.FromMilliseconds(Random.Shared.Next(300, 2000));
        }

        /// <summary>Runs <paramref name="call"/>, restarting the app each time it dies under the call.</summary>
        public async Task<T> RetryAsync<T>(Func<HttpClient, Task<T>> call)
        {
            for (var attempt = 0; ; attempt++)
            {
                await EnsureRunningAsync();
                try
                {
                    using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
                    return await call(client);
                }
                catch (HttpRequestException) when (attempt < 50)
                {
                    await Task.Delay(200);
                }
            }
        }

        /// <summary>
        /// Kill at a random moment soon after the app is back at work since its last death (its first Shopify call), so
        /// every kill interrupts work in progress; or when it has not got back to work for a while (no Shopify work
        /// left: the emails are going out).
        /// </summary>
        public bool IsDueForKill => _sinceDeath.Elapsed >= (_resumedAfter is { } resumed ? resumed + _killAfterResume : MaxWaitForWork);

        private static TimeSpan MaxWaitForWork => TimeSpan.FromSeconds(8);

        /// <summary>Watches for the first Shopify call since the last death: how long the app took to get back to work.</summary>
        public void Observe()
        {
            if (_resumedAfter is not null || shopifyRequests() <= _requestsAtDeath)
            {
                return;
            }

            _resumedAfter = _sinceDeath.Elapsed;
            if (_resuming is { } kind)
            {
                _resumes[kind].Add(_resumedAfter.Value.TotalSeconds);
                _resuming = null;
            }
        }

        public string ResumeReport(DeathKind kind) => _resumes[kind] is { Count: > 0 } resumes
            ? FormattableString.Invariant($"n={resumes.Count}, median {resumes.Order().ElementAt(resumes.Count / 2):F1}, max {resumes.Max():F1}")
            : "none measured";

        public async ValueTask DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }

        private static string LastLine(string text) => text.TrimEnd().Split('\n').LastOrDefault(l => l.Contains("Crash injected", StringComparison.Ordinal))
            ?? string.Join(" | ", text.TrimEnd().Split('\n').TakeLast(6));
    }
}
