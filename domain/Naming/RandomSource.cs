using System.Security.Cryptography;

namespace PromoServerless.Domain.Naming;

/// <summary>Where random code characters come from; tests pass a scripted source.</summary>
public interface IRandomSource
{
    /// <summary>A value in [0, <paramref name="maxExclusive"/>).</summary>
    int Next(int maxExclusive);
}

/// <summary>Cryptographic randomness, so random code parts cannot be predicted from earlier codes.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    public static CryptoRandomSource Instance { get; } = new();

    public int Next(int maxExclusive) => RandomNumberGenerator.GetInt32(maxExclusive);
}

/// <summary>The characters random code parts use: A-Z and 2-9 without the look-alikes 0, O, 1 and I.</summary>
public static class RandomCodeAlphabet
{
    public const string Characters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string Draw(IRandomSource random, int length, bool startWithLetter = false)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var pool = i == 0 && startWithLetter ? Letters : Characters;
            chars[i] = pool[random.Next(pool.Length)];
        }

        return new string(chars);
    }
}
