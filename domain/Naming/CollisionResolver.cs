using System.Globalization;

namespace PromoServerless.Domain.Naming;

/// <summary>The code that was free, or none after the allowed attempts.</summary>
public sealed record CollisionResolution(string? Code, int Attempts)
{
    public bool Succeeded => Code is not null;
}

/// <summary>Produces the next candidate when a code is taken, per the strategy's collision policy.</summary>
public static class CollisionResolver
{
    public const int RandomSuffixLength = 3;

    // After a digit, the numeric policy counts with letters so JOHN10 never becomes the misleading JOHN102.
    private const string SequenceLetters = "BCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>The characters kept free for a suffix when checking that a pattern fits the maximum length.</summary>
    public static int SuffixReserve(CollisionPolicy policy) => policy == CollisionPolicy.NumericSuffix ? 2 : RandomSuffixLength;

    /// <summary>
    /// The candidate for attempt number <paramref name="attempt"/> (2 is the first retry, attempt 1 being the
    /// original), or null when the attempt is beyond the strategy's maximum or no suffix fits.
    /// </summary>
    public static CodeCandidate? Next(CodeCandidate original, int attempt, NamingStrategy strategy, IRandomSource random)
    {
        if (attempt < 2 || attempt > strategy.MaxAttempts)
        {
            return null;
        }

        var reserve = strategy.CollisionPolicy == CollisionPolicy.NumericSuffix
            ? attempt.ToString(CultureInfo.InvariantCulture).Length
            : RandomSuffixLength;
        var stem = original.FitTo(strategy.MaxLength - reserve);
        if (stem is null || stem.Value.Length == 0)
        {
            return null;
        }

        var endsWithDigit = char.IsAsciiDigit(stem.Value[^1]);
        var suffix = strategy.CollisionPolicy == CollisionPolicy.NumericSuffix
            ? NumericSuffix(attempt, endsWithDigit)
            : RandomCodeAlphabet.Draw(random, RandomSuffixLength, startWithLetter: endsWithDigit);
        return stem.Append(suffix);
    }

    /// <summary>Tries the original, then each next candidate, until <paramref name="isTaken"/> says one is free.</summary>
    public static CollisionResolution Resolve(CodeCandidate original, NamingStrategy strategy, Func<string, bool> isTaken, IRandomSource random)
    {
        if (!isTaken(original.Value))
        {
            return new CollisionResolution(original.Value, 1);
        }

        for (var attempt = 2; attempt <= strategy.MaxAttempts; attempt++)
        {
            var next = Next(original, attempt, strategy, random);
            if (next is null)
            {
                return new CollisionResolution(null, attempt - 1);
            }

            if (!isTaken(next.Value))
            {
                return new CollisionResolution(next.Value, attempt);
            }
        }

        return new CollisionResolution(null, strategy.MaxAttempts);
    }

    // Attempt 2 is the second holder of the code: JOHN2 / JOHN10B.
    private static string NumericSuffix(int attempt, bool afterDigit) =>
        afterDigit ? SequenceLetters[(attempt - 2) % SequenceLetters.Length].ToString() : attempt.ToString(CultureInfo.InvariantCulture);
}
