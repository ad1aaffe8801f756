namespace PromoServerless.Domain.Naming;

/// <summary>The member details a pattern can use. Any of them may be missing.</summary>
public sealed record NamingSubject(string? FirstName, string? LastName, string? Handle);

/// <summary>A proposed code, or why none could be made for this member.</summary>
public sealed record CodeProposal(CodeCandidate? Candidate, string? FailureReason)
{
    public bool Succeeded => Candidate is not null;

    public string? Code => Candidate?.Value;
}

public static class CodeProposer
{
    /// <summary>
    /// Builds a member's code from the strategy's pattern. A member without a usable value for a name
    /// token fails with a reason instead of getting a made-up code; the user can then type one.
    /// </summary>
    public static CodeProposal Propose(NamingStrategy strategy, NamingSubject subject, string discountToken, IRandomSource random)
    {
        var parts = new List<CodePart>();
        var missing = new List<string>();
        foreach (var segment in strategy.Pattern.Segments)
        {
            switch (segment)
            {
                case LiteralSegment literal:
                    parts.Add(new CodePart(literal.Text, Truncatable: false));
                    break;
                case DiscountSegment:
                    parts.Add(new CodePart(discountToken, Truncatable: false));
                    break;
                case RandomSegment randomSegment:
                    parts.Add(new CodePart(RandomCodeAlphabet.Draw(random, randomSegment.Length), Truncatable: false));
                    break;
                case NameSegment name:
                    var text = NameText(name.Part, subject);
                    if (text.Length == 0)
                    {
                        missing.Add(Describe(name.Part));
                    }

                    parts.Add(new CodePart(text, Truncatable: true));
                    break;
            }
        }

        if (missing.Count > 0)
        {
            return new CodeProposal(null, $"The member has no {string.Join(" and no ", missing.Distinct())} with letters or digits A-Z/0-9 for this pattern; enter a code for this member.");
        }

        var fitted = new CodeCandidate(parts).FitTo(strategy.MaxLength);
        return fitted is null
            ? new CodeProposal(null, $"The pattern's fixed parts are longer than the maximum code length {strategy.MaxLength}.")
            : new CodeProposal(fitted, null);
    }

    private static string NameText(NamePart part, NamingSubject subject) => part switch
    {
        NamePart.FirstName => CodeText.Normalize(subject.FirstName),
        NamePart.LastName => CodeText.Normalize(subject.LastName),
        NamePart.FullName => CodeText.Normalize(subject.FirstName) + CodeText.Normalize(subject.LastName),
        _ => CodeText.Normalize(subject.Handle),
    };

    private static string Describe(NamePart part) => part switch
    {
        NamePart.FirstName => "first name",
        NamePart.LastName => "last name",
        NamePart.FullName => "first or last name",
        _ => "handle",
    };
}
