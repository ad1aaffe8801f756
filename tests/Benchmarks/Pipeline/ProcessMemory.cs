using System.Globalization;
using PromoServerless.TestStack;

namespace PromoServerless.Benchmarks.Pipeline;

/// <summary>
/// Reads a Linux process's resident memory from <c>/proc/&lt;pid&gt;/status</c>: <c>VmRSS</c> (now) and
/// <c>VmHWM</c> (the peak since the process started), and samples <c>VmRSS</c> in the background so each
/// phase of a run has its own peak.
/// </summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _phasePeakKb;
    private long _lifetimePeakKb;

    private ProcessMemory(int pid, TimeSpan interval)
    {
        _pid = pid;
        _sampler = Task.Run(() => SampleAsync(interval, _stop.Token));
    }

    public static ProcessMemory Watch(int pid, TimeSpan interval) => new(pid, interval);

    /// <summary>Current resident set (VmRSS), in MiB.</summary>
    public double RssMiB => Read("VmRSS:") / 1024.0;

    /// <summary>Peak resident set (VmHWM) since the last <see cref="ResetPhase"/> (or the process's start), in MiB.</summary>
    public double HighWaterMiB => Read("VmHWM:") / 1024.0;

    /// <summary>Peak resident set since the process started, across phase resets, in MiB.</summary>
    public double LifetimeHighWaterMiB => Math.Max(_lifetimePeakKb, Read("VmHWM:")) / 1024.0;

    /// <summary>
    /// Starts a new phase: the sampled peak restarts from the current resident set, and VmHWM is reset to it too
    /// (writing 5 to <c>/proc/&lt;pid&gt;/clear_refs</c>, Linux 4.0+) so <see cref="HighWaterMiB"/> is this phase's peak.
    /// Returns false when VmHWM could not be reset (it then still counts from the process's start).
    /// </summary>
    public bool ResetPhase()
    {
        _lifetimePeakKb = Math.Max(_lifetimePeakKb, Read("VmHWM:"));
        Interlocked.Exchange(ref _phasePeakKb, Read("VmRSS:"));
        try
        {
            File.WriteAllText($"/proc/{_pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The highest VmRSS sampled since <see cref="ResetPhase"/>, in MiB.</summary>
    public double PhasePeakMiB
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _phasePeakKb) / 1024.0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Sample();
            await Task.Delay(interval, cancellationToken);
        }
    }

    private void Sample()
    {
        var rss = Read("VmRSS:");
        long seen;
        while (rss > (seen = Interlocked.Read(ref _phasePeakKb)) && Interlocked.CompareExchange(ref _phasePeakKb, rss, seen) != seen)
        {
        }
    }

    private long Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // e.g. "VmRSS:	  123456 kB"
                    var value = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return 0;
    }
}

/// <summary>CPU time (user + system) a Linux process has used, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The functions app's CPU: the local host's and its worker's (the app's own code).</summary>
    public static double Seconds(FunctionsAppProcess app) => Seconds(app.ProcessId) + app.WorkerProcessIds.Sum(Seconds);

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
