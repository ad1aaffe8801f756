using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Support;

/// <summary>Returns the given values in turn (modulo the requested range), repeating from the start.</summary>
internal sealed class ScriptedRandom(params int[] values) : IRandomSource
{
    private int _next;

    public int Calls { get; private set; }

    public int Next(int maxExclusive)
    {
        Calls++;
        var value = values.Length == 0 ? 0 : values[_next++ % values.Length];
        return value % maxExclusive;
    }
}
