using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NCrontab;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Functions.Hosting;

/// <summary>
/// Runs queue and timer triggers when no Functions host is present, by posting the host's invocation
/// payloads to this same app, so local runs and tests exercise the production handling path.
/// </summary>
internal sealed class LocalTriggerHost(
    IServer server,
    IHostApplicationLifetime lifetime,
    StorageClients storage,
    IHttpClientFactory httpClients,
    IOptions<HostQueueOptions> queueOptions,
    IOptions<LocalTriggerOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    public const string HttpClientName = "local-triggers";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var self = options.Value.SelfUrl ?? FirstListeningAddress();
        var client = httpClients.CreateClient(HttpClientName);
        client.BaseAddress = self;
        client.Timeout = TimeSpan.FromMinutes(10);
        var logger = loggers.CreateLogger<LocalTriggerHost>();
        logger.LogInformation("Local trigger host posting invocations to {Self}.", self);

        var loops = FunctionTable.Queues
            .Select(f => new LocalQueueListener(f, storage, client, queueOptions, options.Value, time, loggers.CreateLogger("LocalTriggers." + f.Name)).RunAsync(stoppingToken))
            .ToList();
        if (options.Value.TimersEnabled)
        {
            loops.AddRange(FunctionTable.Timers.Select(f => RunTimerAsync(f, client, logger, stoppingToken)));
        }

        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunTimerAsync(FunctionDefinition function, HttpClient client, ILogger logger, CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(((TimerTrigger)function.Trigger).Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            await Task.Delay(next - now, time, stoppingToken);
            var after = new DateTimeOffset(schedule.GetNextOccurrence(next.UtcDateTime), TimeSpan.Zero);
            var payload = new
            {
                Data = new Dictionary<string, object?>
                {
                    [TimerTrigger.BindingName] = new
                    {
                        Schedule = new { AdjustForDST = true },
                        ScheduleStatus = new
                        {
                            Last = (last ?? DateTimeOffset.MinValue).ToString("O", CultureInfo.InvariantCulture),
                            Next = after.ToString("O", CultureInfo.InvariantCulture),
                            LastUpdated = next.ToString("O", CultureInfo.InvariantCulture),
                        },
                        IsPastDue = time.GetUtcNow() - next > TimeSpan.FromSeconds(30),
                    },
                },
                Metadata = new Dictionary<string, object?>(),
            };
            try
            {
                using var response = await client.PostAsJsonAsync(function.Name, payload, stoppingToken);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Timer {Function} failed with {Status}.", function.Name, (int)response.StatusCode);
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Timer {Function} could not be invoked.", function.Name);
            }

            last = next;
        }
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Uri FirstListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The app listens on no address; set LocalTriggers:SelfUrl.");
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("+", "127.0.0.1", StringComparison.Ordinal) + "/");
    }
}
