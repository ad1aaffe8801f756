namespace PromoServerless.Domain.Emails;

/// <summary>At most <see cref="Limit"/> emails in any <see cref="Window"/> (e.g. 30 a minute, 100 an hour).</summary>
public sealed record SendRate(int Limit, TimeSpan Window);

/// <summary><see cref="Count"/> emails handed to SMTP by a wave that ended at <see cref="At"/>.</summary>
public sealed record SentWave(DateTimeOffset At, int Count);

/// <summary>
/// What one send has handed to SMTP lately, against its rates. Pure and driven by the caller's clock, so an
/// orchestrator can keep it (with its own deterministic time) and replay it. A wave is logged at its end: its
/// emails went out before then, so counting them from then on never lets a window hold more than its limit.
/// </summary>
public sealed record SendRateLog(IReadOnlyList<SendRate> Rates, IReadOnlyList<SentWave> Sent)
{
    public static SendRateLog For(IReadOnlyList<SendRate> rates) => new(rates, []);

    /// <summary>How many emails may go out at <paramref name="now"/> without breaking a rate; int.MaxValue without rates.</summary>
    public int AllowedAt(DateTimeOffset now)
    {
        var allowed = int.MaxValue;
        foreach (var rate in Rates)
        {
            allowed = Math.Min(allowed, Math.Max(0, rate.Limit - SentWithin(rate, now)));
        }

        return allowed;
    }

    /// <summary>The first moment after <paramref name="now"/> at which at least one email may go, or <paramref name="now"/> when one may already.</summary>
    public DateTimeOffset NextAllowedAt(DateTimeOffset now)
    {
        var next = now;
        foreach (var rate in Rates)
        {
            var excess = SentWithin(rate, now) - rate.Limit + 1;
            if (excess <= 0)
            {
                continue;
            }

            // The oldest waves in the window leave it first; once enough have left, one more email fits.
            foreach (var wave in Sent.Where(w => InWindow(w, rate, now)).OrderBy(w => w.At))
            {
                excess -= wave.Count;
                if (excess <= 0)
                {
                    next = Max(next, wave.At + rate.Window);
                    break;
                }
            }
        }

        return next;
    }

    /// <summary>Logs a wave and forgets the waves no window can see any more.</summary>
    public SendRateLog Record(DateTimeOffset at, int count)
    {
        if (count <= 0)
        {
            return this;
        }

        var longest = Rates.Count == 0 ? TimeSpan.Zero : Rates.Max(r => r.Window);
        return this with { Sent = [.. Sent.Where(w => w.At + longest > at), new SentWave(at, count)] };
    }

    private int SentWithin(SendRate rate, DateTimeOffset now) => Sent.Where(w => InWindow(w, rate, now)).Sum(w => w.Count);

    private static bool InWindow(SentWave wave, SendRate rate, DateTimeOffset now) => wave.At + rate.Window > now;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
