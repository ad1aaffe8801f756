using System.Diagnostics;

namespace PromoServerless.Functions.Hosting;

public sealed class CrashPointOptions
{
    public const string SectionName = "Faults";

    /// <summary>Chance that the process dies at each crash point. Zero (the default) outside crash tests.</summary>
    public double CrashProbability { get; set; }
}

/// <summary>
/// Places between two writes where a crash test may kill the process on the spot, the way a host
/// recycling or an out-of-memory kill would: no finally blocks, no flush, nothing acknowledged.
/// </summary>
public sealed class CrashPoints(Microsoft.Extensions.Options.IOptions<CrashPointOptions> options, ILogger<CrashPoints> logger)
{
    private readonly double _probability = options.Value.CrashProbability;

    public void Hit(string name)
    {
        if (_probability <= 0 || Random.Shared.NextDouble() >= _probability)
        {
            return;
        }

        logger.LogCritical("Crash injected at {CrashPoint}.", name);
        Process.GetCurrentProcess().Kill();
    }
}
