namespace PromoServerless.Domain.Naming;

/// <summary>A piece of a code; name-derived pieces may be shortened to fit the maximum length, fixed pieces never.</summary>
public sealed record CodePart(string Text, bool Truncatable);

/// <summary>A code being built, kept in parts so it can be shortened or suffixed without cutting fixed parts.</summary>
public sealed class CodeCandidate
{
    public CodeCandidate(IReadOnlyList<CodePart> parts)
    {
        Parts = parts;
        Value = string.Concat(parts.Select(p => p.Text));
    }

    public IReadOnlyList<CodePart> Parts { get; }

    public string Value { get; }

    /// <summary>A code the user typed: never shortened.</summary>
    public static CodeCandidate Fixed(string code) => new([new CodePart(code, Truncatable: false)]);

    public CodeCandidate Append(string suffix) => new([.. Parts, new CodePart(suffix, Truncatable: false)]);

    /// <summary>
    /// Shortens name parts, always the longest first and keeping at least one character of each,
    /// until the code fits; null when even that is too long.
    /// </summary>
    public CodeCandidate? FitTo(int maxLength)
    {
        var excess = Value.Length - maxLength;
        if (excess <= 0)
        {
            return this;
        }

        var lengths = Parts.Select(p => p.Text.Length).ToArray();
        while (excess > 0)
        {
            var longest = LongestTruncatable(lengths);
            if (longest < 0)
            {
                return null;
            }

            lengths[longest]--;
            excess--;
        }

        return new CodeCandidate(Parts.Select((p, i) => p with { Text = p.Text[..lengths[i]] }).ToArray());
    }

    public override string ToString() => Value;

    private int LongestTruncatable(int[] lengths)
    {
        var best = -1;
        for (var i = 0; i < lengths.Length; i++)
        {
            // ">=" picks the later of equally long parts, so the first name outlasts the last name.
            if (Parts[i].Truncatable && lengths[i] > 1 && (best < 0 || lengths[i] >= lengths[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
