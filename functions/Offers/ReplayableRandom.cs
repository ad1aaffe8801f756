using System.Security.Cryptography;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Functions.Offers;

/// <summary>
/// Cryptographic randomness that can be replayed: after <see cref="Rewind"/> the same draws come again, so a
/// plan run twice with more knowledge about taken codes makes the same random choices and converges.
/// </summary>
public sealed class ReplayableRandom : IRandomSource
{
    private readonly List<int> _draws = [];
    private int _position;

    public void Rewind() => _position = 0;

    public int Next(int maxExclusive)
    {
        if (_position == _draws.Count)
        {
            _draws.Add(RandomNumberGenerator.GetInt32(int.MaxValue));
        }

        // The bias of the modulo is below one in ten million for the alphabet sizes used here.
        return _draws[_position++] % maxExclusive;
    }
}
