using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Queues;
using PromoServerless.Infra.Queues;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.ShopifySimulator;
using PromoServerless.TestStack;

namespace PromoServerless.Integration.Tests.Codes;

/// <summary>
/// The generation of 2,000 members while the app process is killed at random points between writes (and
/// after Shopify committed, before we recorded) at least 20 times, and Shopify throttles, fails and drops
/// answers. The app runs as its own process, as under the Functions host, against the shared Azurite and
/// simulator, with its own table and queue names so the in-process test app never touches its work.
/// </summary>
public sealed class CrashSafetyTests(StackFixture stack, ITestOutputHelper output)
{
    private const int Members = 2_000;
    private const int MinimumKills = 20;

    // Chance of dying at each crash point (between two writes, or after Shopify committed and before we
    // recorded). On top of these, the test kills the process from outside at random moments until the
    // 20th death, so the count does not depend on how fast the generation runs.
    private const double CrashProbability = 0.1;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Generate_WhenTheAppIsKilledRepeatedlyAndShopifyMisbehaves_ShouldGiveEveryMemberExactlyOneCode()
    {
        var prefix = "crash" + Guid.NewGuid().ToString("N")[..6];
        var shopDomain = $"crash-{Guid.NewGuid():N}.myshopify.com";
        var token = "shpat_" + Guid.NewGuid().ToString("N");
        var shop = stack.Simulator.AddShop(new ShopConfig(shopDomain, token, CodesPerSecond: 5000));
        shop.Faults.Add(new FaultRule(FaultKind.Throttled, Count: null, Probability: 0.05));
        shop.Faults.Add(new FaultRule(FaultKind.ServerError, Count: null, Probability: 0.05));
        shop.Faults.Add(new FaultRule(FaultKind.DropAfterCommit, Count: null, Probability: 0.05, Operation: "mutation"));

        await using var app = new RestartingApp(Settings(prefix), output);
        await app.StartAsync(crashProbability: 0);
        var brandKey = await CreateBrandAsync(app, shopDomain, token);
        var (offerId, projectId) = await CreateOfferAndMembersAsync(app, brandKey);

        await app.RestartAsync(crashProbability: CrashProbability);
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var batchId = await app.RetryAsync(client => StartGenerationAsync(client, brandKey, offerId, projectId, startsAt));
        var batch = await WaitForCompletionAsync(app, brandKey, batchId);

        output.WriteLine($"kills: {app.Kills}, batch: {batch}");
        Assert.True(app.Kills >= MinimumKills, $"Only {app.Kills} kills happened.");
        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal(Members, batch.GetProperty("created").GetInt32());
        Assert.Equal(0, batch.GetProperty("failed").GetInt32());

        using var client = app.Client(brandKey);
        var items = await ReadAllAsync(client, $"api/v1/code-batches/{batchId}?pageSize=1000", "items");
        Assert.Equal(Members, items.Count);
        Assert.All(items, i => Assert.Equal("created", i.GetProperty("state").GetString()));

        var codes = await ReadAllAsync(client, $"api/v1/offers/{offerId}/codes?pageSize=1000", "items");
        Assert.Equal(Members, codes.Count);
        Assert.Equal(Members, codes.Select(c => c.GetProperty("memberId").GetString()).Distinct().Count());
        var apiCodes = codes.Select(c => c.GetProperty("code").GetString()!.ToUpperInvariant()).ToHashSet();
        Assert.Equal(Members, apiCodes.Count);
        Assert.All(codes, c => Assert.Equal("active", c.GetProperty("status").GetString()));

        var snapshot = ShopSnapshot.Of(shop);
        var discount = Assert.Single(snapshot.Discounts);
        var shopifyCodes = discount.Codes.Select(c => c.Code.ToUpperInvariant()).ToList();
        Assert.Equal(Members, shopifyCodes.Count);
        Assert.True(apiCodes.SetEquals(shopifyCodes), "The codes in Shopify differ from the members' codes.");

        await app.InvokeRecoveryAsync();
        foreach (var queue in QueueNames.All)
        {
            var poison = new QueueClient(stack.Azurite.ConnectionString, prefix + QueueNames.Poison(queue));
            var left = (await poison.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value;
            Assert.True(left.Length == 0, $"{poison.Name} still holds {left.Length} message(s).");
        }
    }

    private Dictionary<string, string> Settings(string prefix)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = stack.Azurite.ConnectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Operator:ApiKey"] = AppFactory.OperatorKey,
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["LocalTriggers:TimersEnabled"] = "false",
            ["LocalTriggers:LeaseDuration"] = "00:00:03",
            ["LocalTriggers:MaxPollingInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in AppFactory.ServiceSettings(stack.Simulator.EndpointTemplate, stack.MailDev.SmtpPort))
        {
            settings[key] = value!;
        }

        return settings;
    }

    private static async Task<string> CreateBrandAsync(RestartingApp app, string shopDomain, string token)
    {
        using var client = app.Client(AppFactory.OperatorKey);
        var brand = await client.PostAsJsonAsync("api/v1/brands", new { name = "Crash test", shopDomain, shopifyAccessToken = token, shopifyWebhookSecret = "secret", currency = "USD" });
        brand.EnsureSuccessStatusCode();
        var id = (await brand.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var key = await client.PostAsJsonAsync($"api/v1/brands/{id}/api-keys", new { name = "crash" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static async Task<(string OfferId, string ProjectId)> CreateOfferAndMembersAsync(RestartingApp app, string brandKey)
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
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var project = await client.PostAsJsonAsync("api/v1/projects", new { name = "Crash project" });
        project.EnsureSuccessStatusCode();
        var projectId = (await project.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Every name is worn by two members (and a few by members far apart), so codes collide inside chunks and across them.
        string[] names = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Finn", "Gia", "Hugo"];
        var members = Enumerable.Range(0, Members).Select(i =>
        {
            var twin = i % 500 == 499 ? 0 : i / 2;
            return new
            {
                firstName = names[twin % names.Length],
                lastName = "M" + twin.ToString(CultureInfo.InvariantCulture),
                email = $"m{i}@crash.test",
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
            Content = JsonContent.Create(new { projectIds = new[] { projectId }, startsAt }),
        };
        request.Headers.Add("Idempotency-Key", "crash-test-" + offerId);
        request.Headers.Add("x-api-key", brandKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text[..Math.Min(text.Length, 600)]);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch").GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> WaitForCompletionAsync(RestartingApp app, string brandKey, string batchId)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var lastRecovery = DateTime.UtcNow;
        var nextOutsideKill = NextKillTime();
        while (DateTime.UtcNow < deadline)
        {
            if (app.Kills >= MinimumKills && app.CrashProbability > 0)
            {
                await app.RestartAsync(crashProbability: 0);
            }
            else if (app.Kills < MinimumKills && DateTime.UtcNow >= nextOutsideKill)
            {
                app.KillNow();
                nextOutsideKill = NextKillTime();
            }

            await app.EnsureRunningAsync();
            try
            {
                using var client = app.Client(brandKey);
                var batch = (await client.GetFromJsonAsync<JsonElement>($"api/v1/code-batches/{batchId}?pageSize=0")).GetProperty("batch");
                if (batch.GetProperty("status").GetString() is "completed" or "completedWithErrors" or "failed")
                {
                    return batch;
                }

                if (DateTime.UtcNow - lastRecovery > TimeSpan.FromSeconds(5))
                {
                    await app.InvokeRecoveryAsync();
                    lastRecovery = DateTime.UtcNow;
                }
            }
            catch (HttpRequestException)
            {
                // The process died under the request; EnsureRunningAsync restarts it.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Batch {batchId} did not finish in {Timeout} ({app.Kills} kills).");
    }

    private static DateTime NextKillTime() => DateTime.UtcNow.AddMilliseconds(Random.Shared.Next(500, 2500));

    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient client, string url, string property)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(token is null ? url : $"{url}&continuationToken={Uri.EscapeDataString(token)}");
            all.AddRange(page.GetProperty(property).EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return all;
    }

    /// <summary>The functions app as a child process that the test restarts whenever it dies, counting the deaths.</summary>
    private sealed class RestartingApp(Dictionary<string, string> settings, ITestOutputHelper output) : IAsyncDisposable
    {
        private readonly int _port = FreePort.Next();
        private FunctionsAppProcess? _process;

        public int Kills { get; private set; }

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
            settings["Faults:CrashProbability"] = crashProbability.ToString(CultureInfo.InvariantCulture);
            _process = await FunctionsAppProcess.StartAsync(settings, _port);
        }

        private static string LastLines(string text) => string.Join(" | ", text.TrimEnd().Split('\n').TakeLast(6));

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

        /// <summary>Kills the app from outside, wherever it is; the next check counts the death and restarts it.</summary>
        public void KillNow() => _process?.Kill();

        public async Task EnsureRunningAsync()
        {
            if (_process is { HasExited: true } dead)
            {
                Kills++;
                output.WriteLine($"app died ({Kills}): {LastLine(dead.Output)}");
                _process = null;
                await dead.DisposeAsync();
            }

            for (var attempt = 0; _process is null; attempt++)
            {
                try
                {
                    await StartAsync(CrashProbability);
                }
                catch (InvalidOperationException ex) when (attempt < 5)
                {
                    // A crash point can fire while the app starts its queue listeners.
                    Kills++;
                    output.WriteLine($"app died while starting ({Kills}): {LastLine(ex.Message)}");
                }
            }
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

        /// <summary>Fires the MaintainCodeBatches timer through the custom-handler path, as the host would.</summary>
        public async Task InvokeRecoveryAsync()
        {
            using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
            var payload = new { Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } }, Metadata = new { } };
            try
            {
                using var response = await client.PostAsJsonAsync("MaintainCodeBatches", payload);
            }
            catch (HttpRequestException)
            {
                // Died meanwhile; the next pass runs it again.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }

        private static string LastLine(string text) => text.TrimEnd().Split('\n').LastOrDefault(l => l.Contains("Crash injected", StringComparison.Ordinal)) ?? LastLines(text);
    }
}
