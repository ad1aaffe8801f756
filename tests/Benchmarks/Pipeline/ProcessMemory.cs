using System.Globalization;

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

    private ProcessMemory(int pid, TimeSpan interval)
    {
        _pid = pid;
        _sampler = Task.Run(() => SampleAsync(interval, _stop.Token));
    }

    public static ProcessMemory Watch(int pid, TimeSpan interval) => new(pid, interval);

    /// <summary>Current resident set (VmRSS), in MiB.</summary>
    public double RssMiB => Read("VmRSS:") / 1024.0;

    /// <summary>Peak resident set since the process started (VmHWM), in MiB.</summary>
    public double HighWaterMiB => Read("VmHWM:") / 1024.0;

    /// <summary>Starts a new phase: the sampled peak restarts from the current resident set.</summary>
    public void ResetPhase() => Interlocked.Exchange(ref _phasePeakKb, Read("VmRSS:"));

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
