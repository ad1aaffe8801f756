using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using NCrontab;

namespace PromoServerless.FunctionsHost;

/// <summary>Runs a timer function on its NCRONTAB schedule (six fields, with seconds), one invocation at a time.</summary>
internal sealed class TimerTrigger(FunctionInvoker function, IServiceProvider services, TimeProvider time, ILogger<TimerTrigger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CrontabSchedule.Parse(function.Function.Trigger.Schedule ?? throw new InvalidOperationException($"Timer {function.Function.Name} has no schedule."), new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await using var scope = services.CreateAsyncScope();
                var timer = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = now, Next = schedule.GetNextOccurrence(next) } };
                await function.InvokeAsync(scope.ServiceProvider, p =>
                    p.ParameterType == typeof(TimerInfo) ? (true, timer)
                    : p.ParameterType == typeof(CancellationToken) ? (true, stoppingToken)
                    : p.ParameterType == typeof(DurableTaskClient) && p.IsDefined(typeof(DurableClientAttribute), false) ? (true, scope.ServiceProvider.GetRequiredService<DurableTaskClient>())
                    : (false, null));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // As under the Functions host, a failed run is logged and the next one runs on schedule.
                logger.LogError(ex, "Timer function {Function} failed.", function.Function.Name);
            }
        }
    }
}
