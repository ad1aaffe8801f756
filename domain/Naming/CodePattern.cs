using System.Globalization;
using System.Text;

namespace PromoServerless.Domain.Naming;

/// <summary>The member detail a name token reads.</summary>
public enum NamePart
{
    FirstName,
    LastName,
    FullName,
    Handle,
}

/// <summary>One piece of a parsed code pattern.</summary>
public abstract record PatternSegment;

/// <summary>Fixed text, already upper-case A-Z/0-9.</summary>
public sealed record LiteralSegment(string Text) : PatternSegment;

/// <summary><c>{FIRSTNAME}</c>, <c>{LASTNAME}</c>, <c>{FULLNAME}</c> or <c>{HANDLE}</c>.</summary>
public sealed record NameSegment(NamePart Part) : PatternSegment;

/// <summary><c>{DISCOUNT}</c>: the discount value as digits.</summary>
public sealed record DiscountSegment : PatternSegment;

/// <summary><c>{RANDOM:n}</c>: n random characters.</summary>
public sealed record RandomSegment(int Length) : PatternSegment;

/// <summary>A problem in a pattern; <see cref="Position"/> is the zero-based index in the pattern text.</summary>
public sealed record PatternError(int Position, string Message);

/// <summary>A parsed naming pattern such as <c>{FIRSTNAME}{DISCOUNT}</c>.</summary>
public sealed class CodePattern
{
    public const int MaxPatternLength = 200;
    public const int MaxRandomLength = 12;

    private CodePattern(IReadOnlyList<PatternSegment> segments)
    {
        Segments = segments;
        Text = string.Concat(segments.Select(Describe));
    }

    public IReadOnlyList<PatternSegment> Segments { get; }

    /// <summary>The pattern in canonical form: tokens upper-case, literals upper-case.</summary>
    public string Text { get; }

    public bool UsesDiscount => Segments.Any(s => s is DiscountSegment);

    /// <summary>The shortest code this pattern can produce: fixed parts plus one character per name token.</summary>
    public int MinimumLength(string discountToken) => Segments.Sum(segment => segment switch
    {
        LiteralSegment literal => literal.Text.Length,
        DiscountSegment => discountToken.Length,
        RandomSegment random => random.Length,
        _ => 1,
    });

    public override string ToString() => Text;

    public static PatternParseResult Parse(string? pattern) => new PatternParser(pattern ?? string.Empty).Run();

    internal static CodePattern FromSegments(IReadOnlyList<PatternSegment> segments) => new(segments);

    private static string Describe(PatternSegment segment) => segment switch
    {
        LiteralSegment literal => literal.Text,
        NameSegment { Part: NamePart.FirstName } => "{FIRSTNAME}",
        NameSegment { Part: NamePart.LastName } => "{LASTNAME}",
        NameSegment { Part: NamePart.FullName } => "{FULLNAME}",
        NameSegment => "{HANDLE}",
        DiscountSegment => "{DISCOUNT}",
        RandomSegment random => string.Create(CultureInfo.InvariantCulture, $"{{RANDOM:{random.Length}}}"),
        _ => throw new InvalidOperationException($"Unknown segment {segment.GetType().Name}."),
    };
}

/// <summary>The pattern when it parsed, else every error found.</summary>
public sealed record PatternParseResult(CodePattern? Pattern, IReadOnlyList<PatternError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

internal sealed class PatternParser(string pattern)
{
    private const string KnownTokens = "{FIRSTNAME}, {LASTNAME}, {FULLNAME}, {HANDLE}, {DISCOUNT} and {RANDOM:n}";

    private readonly List<PatternSegment> _segments = [];
    private readonly List<PatternError> _errors = [];
    private readonly StringBuilder _literal = new();

    public PatternParseResult Run()
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return Failed(new PatternError(0, "The pattern is empty."));
        }

        if (pattern.Length > CodePattern.MaxPatternLength)
        {
            return Failed(new PatternError(CodePattern.MaxPatternLength, $"The pattern is longer than {CodePattern.MaxPatternLength} characters."));
        }

        var index = 0;
        while (index < pattern.Length)
        {
            index = pattern[index] switch
            {
                '{' => ReadToken(index),
                '}' => Unexpected(index),
                _ => ReadLiteral(index),
            };
        }

        FlushLiteral();
        if (_errors.Count == 0 && !_segments.Any(s => s is NameSegment or RandomSegment))
        {
            _errors.Add(new PatternError(0, "The pattern needs {FIRSTNAME}, {LASTNAME}, {FULLNAME}, {HANDLE} or {RANDOM:n}; otherwise every member would get the same code."));
        }

        return _errors.Count == 0 ? new PatternParseResult(CodePattern.FromSegments(_segments), []) : new PatternParseResult(null, _errors);
    }

    private static PatternParseResult Failed(PatternError error) => new(null, [error]);

    private int Unexpected(int index)
    {
        _errors.Add(new PatternError(index, $"Unexpected '}}' at index {index} with no '{{' before it."));
        return index + 1;
    }

    private int ReadLiteral(int index)
    {
        var c = pattern[index];
        if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9'))
        {
            _literal.Append(char.ToUpperInvariant(c));
        }
        else
        {
            _errors.Add(new PatternError(index, $"'{c}' at index {index} is not allowed: text outside tokens may contain only letters A-Z and digits 0-9."));
        }

        return index + 1;
    }

    private int ReadToken(int start)
    {
        FlushLiteral();
        var end = pattern.IndexOfAny(['{', '}'], start + 1);
        if (end < 0 || pattern[end] == '{')
        {
            _errors.Add(new PatternError(start, $"The '{{' at index {start} is never closed with '}}'."));
            return end < 0 ? pattern.Length : end;
        }

        var body = pattern[(start + 1)..end];
        var segment = ParseTokenBody(body, start);
        if (segment is not null)
        {
            _segments.Add(segment);
        }

        return end + 1;
    }

    private PatternSegment? ParseTokenBody(string body, int position)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? body : body[..colon]).ToUpperInvariant();
        var argument = colon < 0 ? null : body[(colon + 1)..];

        if (name.Length == 0)
        {
            return Error(position, $"Empty token at index {position}; known tokens are {KnownTokens}.");
        }

        if (name == "RANDOM")
        {
            return ParseRandom(argument, position);
        }

        PatternSegment? segment = name switch
        {
            "FIRSTNAME" => new NameSegment(NamePart.FirstName),
            "LASTNAME" => new NameSegment(NamePart.LastName),
            "FULLNAME" => new NameSegment(NamePart.FullName),
            "HANDLE" => new NameSegment(NamePart.Handle),
            "DISCOUNT" => new DiscountSegment(),
            _ => null,
        };

        if (segment is null)
        {
            return Error(position, $"Unknown token {{{body}}} at index {position}; known tokens are {KnownTokens}.");
        }

        return argument is null ? segment : Error(position, $"The token {{{name}}} at index {position} takes no ':' argument.");
    }

    private RandomSegment? ParseRandom(string? argument, int position)
    {
        if (argument is null)
        {
            return Error(position, $"{{RANDOM}} at index {position} needs a length, e.g. {{RANDOM:4}}.");
        }

        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length < 1 || length > CodePattern.MaxRandomLength)
        {
            return Error(position, $"The length in {{RANDOM:{argument}}} at index {position} must be a whole number from 1 to {CodePattern.MaxRandomLength}.");
        }

        return new RandomSegment(length);
    }

    private RandomSegment? Error(int position, string message)
    {
        _errors.Add(new PatternError(position, message));
        return null;
    }

    private void FlushLiteral()
    {
        if (_literal.Length > 0)
        {
            _segments.Add(new LiteralSegment(_literal.ToString()));
            _literal.Clear();
        }
    }
}
