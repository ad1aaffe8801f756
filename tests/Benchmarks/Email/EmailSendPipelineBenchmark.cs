using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Email;

/// <summary>
/// What one queued send measured: the 202's latency, the rate from the POST to the send reported completed, when (from
/// the POST) its progress first showed sent emails and when it showed them all, and the processor time it took.
/// </summary>
public sealed record PipelineRun(TimeSpan Accepted, double EmailsPerSecond, SendTimeline Timeline, ProcessorUse Cpu, IReadOnlyList<double> WarmUpSeconds, IReadOnlyList<double> SmtpRates);

/// <summary>When a send's status answer first showed an email sent, showed every recipient done, and said completed (from the POST; polled every 100 ms, as often as a client could sensibly ask: each answer also reads a page of recipients, which Azurite finds by scanning the whole table).</summary>
public sealed record SendTimeline(TimeSpan FirstSent, TimeSpan AllDone, TimeSpan Completed)
{
    /// <summary>When (from the POST) SMTP accepted the first and the last email, as the recipients' rows record it.</summary>
    public (TimeSpan First, TimeSpan Last) Accepted { get; init; }
}

/// <summary>Processor time each process used from the POST to completed: on a small machine they share the cores.</summary>
public sealed record ProcessorUse(TimeSpan App, TimeSpan Azurite, TimeSpan MailDev, TimeSpan Benchmark)
{
    /// <summary>Processor time one process uses from now until the answer is called.</summary>
    public static Func<TimeSpan> Of(int processId)
    {
        var before = System.Diagnostics.Process.GetProcessById(processId).TotalProcessorTime;
        return () => System.Diagnostics.Process.GetProcessById(processId).TotalProcessorTime - before;
    }

    public static Func<ProcessorUse> From(params int[] processIds)
    {
        var before = Read(processIds);
        return () =>
        {
            var after = Read(processIds);
            return new ProcessorUse(after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3] - before[3]);
        };
    }

    private static TimeSpan[] Read(int[] processIds) =>
        [.. processIds.Select(id => System.Diagnostics.Process.GetProcessById(id).TotalProcessorTime), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime];
}

/// <summary>
/// One email send through the whole pipeline: the functions app as its own process under the local functions
/// host (the <c>SendEmails</c> orchestration on the Durable Task engine over Azurite), and MailDev. Times the
/// POST until the send reports completed and MailDev holds every email, on an app warmed up by the same send until its cost stops falling.
/// </summary>
public static class EmailSendPipelineBenchmark
{
    private const int MinWarmUps = 3;

    /// <summary>Unmeasured rounds of the one-connection SMTP run before it is measured.</summary>
    private const int SmtpWarmUpRounds = 3;
    private const int MaxWarmUps = 6;

    /// <param name="smtpRate">When given, measures MailDev's one-connection rate right before and right after the measured send.</param>
    public static async Task<PipelineRun> MeasureAsync(int recipients, int smtpConnections, Func<MailDevServer, Task<double>>? smtpRate)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var mailDev = await MailDevServer.StartAsync();
        using var mailbox = new MailDevClient(mailDev.WebUri);
        var prefix = "b" + Guid.NewGuid().ToString("N")[..8];
        var settings = LocalHostSettings.ForInstance(azurite.ConnectionString, prefix, configuration: BenchmarkApp.Configuration);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Operator:ApiKey"] = BenchmarkApp.OperatorKey,
            ["Secrets:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:SecureSocketOptions"] = "None",
            ["Email:Smtp:FromAddress"] = "codes@benchmark.example.test",
            ["Email:Smtp:MaxPerMinute"] = "1000000",
            ["Email:Smtp:MaxPerHour"] = "1000000",
            ["Email:Smtp:MaxConnections"] = smtpConnections.ToString(CultureInfo.InvariantCulture),

            // An idle task hub polls its queues at most this far apart; a send is a few steps, each waiting on a poll.
            [LocalHostSettings.DurablePolling] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            settings[key] = value;
        }

        await using var app = await FunctionsAppProcess.StartAsync(settings, FreePort.Next(), BenchmarkApp.Configuration);
        using var client = new HttpClient { BaseAddress = app.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        var brand = await BenchmarkApp.CreateBrandAsync(client, BenchmarkApp.OperatorKey, new
        {
            name = "Bench Co",
            shopDomain = $"bench-{Guid.NewGuid():N}.myshopify.com",
            shopifyAccessToken = "shpat_bench",
            shopifyWebhookSecret = "whsec_bench",
            currency = "USD",
            timeZone = "Europe/Paris",
            locale = "fr-FR",
            senderAddress = "team@bench.example.test",
        });
        client.DefaultRequestHeaders.Add("x-api-key", brand.Key);
        var (offer, members) = await SeedAsync(azurite.ConnectionString, prefix, new BrandId(brand.Id), recipients);
        var warmUps = await WarmUpAsync(client, mailbox, offer, members, app.ProcessId);
        var smtpRates = new List<double>();
        if (smtpRate is not null)
        {
            // This process's SMTP path warms up as the app's did: unmeasured rounds, then until it is idle.
            for (var round = 0; round < SmtpWarmUpRounds; round++)
            {
                await smtpRate(mailDev);
            }

            await SettleAsync(Environment.ProcessId);
            smtpRates.Add(await smtpRate(mailDev));
        }

        // The members are named in the request, the heavier way to ask: the 202 stores their ids, nothing more.
        await mailbox.DeleteAllAsync();
        var cpu = ProcessorUse.From(app.ProcessId, azurite.ProcessId, mailDev.ProcessId);
        var posted = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var sendId = await PostSendAsync(client, offer, members);
        var accepted = watch.Elapsed;
        var timeline = await WaitForCompletionAsync(client, sendId, watch);
        watch.Stop();
        var used = cpu();
        var stored = (await mailbox.ListAsync()).Count;
        if (stored != recipients)
        {
            throw new InvalidOperationException($"MailDev holds {stored} of {recipients} emails.");
        }

        if (smtpRate is not null)
        {
            smtpRates.Add(await smtpRate(mailDev));
        }

        var sentAt = await SentTimesAsync(azurite.ConnectionString, prefix, new BrandId(brand.Id), new EmailSendId(sendId));
        return new PipelineRun(accepted, recipients / watch.Elapsed.TotalSeconds, timeline with { Accepted = (sentAt.Min() - posted, sentAt.Max() - posted) }, used, warmUps, smtpRates);
    }

    private static async Task<IReadOnlyList<DateTimeOffset>> SentTimesAsync(string connectionString, string prefix, BrandId brand, EmailSendId send)
    {
        var store = new EmailSendStore(new StorageClients(Options.Create(new StorageOptions { ConnectionString = connectionString, NamePrefix = prefix })));
        var chunks = (await store.GetAsync(brand, send, CancellationToken.None))!.Value.Chunks.Count;
        var times = new List<DateTimeOffset>();
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            times.AddRange((await store.GetChunkAsync(brand, send, chunk, CancellationToken.None)).Select(r => r.Value.Status).OfType<RecipientStatus.Sent>().Select(s => s.SentAt));
        }

        return times;
    }

    private static async Task<string> PostSendAsync(HttpClient client, OfferId offer, IReadOnlyList<MemberId> members)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/offers/{offer}/email-sends") { Content = JsonContent.Create(new { memberIds = members.Select(m => m.Value).ToArray() }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EmailSendResponse>(BenchmarkApp.Json))!.Id;
    }

    private static async Task<SendTimeline> WaitForCompletionAsync(HttpClient client, string sendId, Stopwatch watch)
    {
        TimeSpan? firstSent = null, allDone = null;
        while (true)
        {
            var send = (await client.GetFromJsonAsync<EmailSendResponse>($"api/v1/email-sends/{sendId}?pageSize=1", BenchmarkApp.Json))!;
            var counts = send.Counts;
            firstSent ??= counts.Sent > 0 ? watch.Elapsed : null;
            allDone ??= counts.Total > 0 && counts.Sent + counts.Failed + counts.Skipped == counts.Total ? watch.Elapsed : null;
            if (send.Status == EmailSendStatus.Completed)
            {
                return new SendTimeline(firstSent ?? watch.Elapsed, allDone ?? watch.Elapsed, watch.Elapsed);
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The send did not complete in 10 minutes.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Sends the same members the same email until the app is warm, so the figure is the pipeline's and not the JIT's:
    /// the runtime compiles a hot method again at each of its tiers, so one small send leaves much of the path half
    /// compiled (after two 200-recipient warm-ups, 2,558 methods were still compiled during the measured send, and the
    /// app spent a third of its processor time compiling). Sends at least <see cref="MinWarmUps"/> times and stops once a
    /// send costs the app no more than 10 % less processor time than the one before, after at most
    /// <see cref="MaxWarmUps"/>; answers each send's processor seconds.
    /// </summary>
    private static async Task<IReadOnlyList<double>> WarmUpAsync(HttpClient client, MailDevClient mailbox, OfferId offer, IReadOnlyList<MemberId> members, int appProcessId)
    {
        var used = new List<double>();
        while (used.Count < MaxWarmUps)
        {
            var cpu = ProcessorUse.Of(appProcessId);
            var sendId = await PostSendAsync(client, offer, members);
            await WaitForCompletionAsync(client, sendId, Stopwatch.StartNew());
            used.Add(cpu().TotalSeconds);
            await mailbox.DeleteAllAsync();
            await SettleAsync(appProcessId);
            if (used.Count >= MinWarmUps && used[^1] >= used[^2] * 0.9)
            {
                break;
            }
        }

        return used;
    }

    /// <summary>Waits (at most 20 s) until the process uses under a tenth of a core over half a second.</summary>
    private static async Task SettleAsync(int processId)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            var window = ProcessorUse.Of(processId);
            await Task.Delay(500);
            if (window() < TimeSpan.FromMilliseconds(50))
            {
                return;
            }
        }
    }

    /// <summary>The offer and the members, each holding an active code.</summary>
    private static async Task<(OfferId Offer, IReadOnlyList<MemberId> Members)> SeedAsync(string connectionString, string prefix, BrandId brand, int recipients)
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = connectionString, NamePrefix = prefix }));
        var now = DateTimeOffset.UtcNow;
        var offer = await BenchmarkApp.SeedOfferAsync(storage, brand, "Benchmark offer", new PayoutOptionDraft { Label = "Standard", Type = "CPS", Percent = 10m }, now);
        var members = Enumerable.Range(0, recipients)
            .Select(i => new Member(MemberId.New(), brand, new MemberProfile($"Member{i} Bench", null, null, $"member{i}@benchmark.example.test", null, null), now, now))
            .ToArray();
        await new MemberStore(storage).SaveImportAsync(brand, members, [], CancellationToken.None);
        var batch = CodeBatchId.New();
        var codes = members.Select((m, i) => new PromoCode(offer.Id, m.Id, $"MEMBER{i}10", PromoCodeStatus.Active, now, null, batch, null, null, now, now));
        await new PromoCodeStore(storage).UpsertManyAsync(brand, offer.Id, codes, CancellationToken.None);
        return (offer.Id, members.Select(m => m.Id).ToArray());
    }
}
