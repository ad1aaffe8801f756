namespace PromoServerless.Infra.Tables;

/// <summary>One try of a read-modify-write: settled (whatever the outcome), or lost to another writer.</summary>
internal readonly record struct RaceTry<TResult>(bool IsLost, TResult Result);

internal static class RaceTry
{
    public static RaceTry<TResult> Settled<TResult>(TResult result) => new(false, result);

    /// <param name="contended">What the caller gets when this was the last try.</param>
    public static RaceTry<TResult> Lost<TResult>(TResult contended) => new(true, contended);
}

/// <summary>
/// The one retry of ETag-conditioned updates: a try that lost the race to another writer is tried again (it re-reads
/// and re-applies its change) after a jittered exponential back-off of up to 10, 20, 40, 80, then 160 ms, so writers
/// that collided spread out instead of colliding again, and a row a dozen writers finish on together is settled in
/// tens of milliseconds (one read and write take a few). After <c>maxAttempts</c> tries the last lost try's result is
/// the answer.
/// </summary>
internal static class LostRaces
{
    public static async Task<TResult> RetryAsync<TResult>(int maxAttempts, Func<Task<RaceTry<TResult>>> attempt, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var tries = 1; ; tries++)
        {
            var outcome = await attempt();
            if (!outcome.IsLost || tries == maxAttempts)
            {
                return outcome.Result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(tries, 5))), cancellationToken);
        }
    }
}
