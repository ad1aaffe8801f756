using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Naming;

public class CollisionResolverTests
{
    private static NamingStrategy Strategy(string policy = "numericSuffix", int maxAttempts = 10, int maxLength = 32) =>
        NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = "firstNameDiscount", CollisionPolicy = policy, MaxAttempts = maxAttempts, MaxLength = maxLength }).Value;

    private static CodeCandidate NameThenFixed(string name, string fixedPart) =>
        new([new CodePart(name, true), new CodePart(fixedPart, false)]);

    [Theory]
    [InlineData(2, "JOHN10B")]
    [InlineData(3, "JOHN10C")]
    [InlineData(9, "JOHN10J")]
    public void Next_WhenNumericPolicyAndCodeEndsWithDigit_ShouldAppendSequenceLetter(int attempt, string expected)
    {
        var next = CollisionResolver.Next(NameThenFixed("JOHN", "10"), attempt, Strategy(), new ScriptedRandom());

        Assert.Equal(expected, next!.Value);
    }

    [Theory]
    [InlineData(2, "JOHN2")]
    [InlineData(3, "JOHN3")]
    [InlineData(10, "JOHN10")]
    public void Next_WhenNumericPolicyAndCodeEndsWithLetter_ShouldAppendNumber(int attempt, string expected)
    {
        var next = CollisionResolver.Next(new CodeCandidate([new CodePart("JOHN", true)]), attempt, Strategy(), new ScriptedRandom());

        Assert.Equal(expected, next!.Value);
    }

    [Fact]
    public void Next_WhenRandomPolicy_ShouldAppendThreeCharactersStartingWithLetterAfterDigit()
    {
        var next = CollisionResolver.Next(NameThenFixed("JOHN", "10"), 2, Strategy("randomSuffix"), new ScriptedRandom(30, 30, 30));

        Assert.Equal("JOHN10G88", next!.Value);
    }

    [Fact]
    public void Next_WhenRandomPolicyAfterLetter_ShouldAllowDigitFirst()
    {
        var next = CollisionResolver.Next(new CodeCandidate([new CodePart("JOHN", true)]), 2, Strategy("randomSuffix"), new ScriptedRandom(30, 30, 30));

        Assert.Equal("JOHN888", next!.Value);
    }

    [Fact]
    public void Next_WhenSuffixWouldExceedMaxLength_ShouldShortenNameNotDiscount()
    {
        var next = CollisionResolver.Next(NameThenFixed("JOHNNY", "10"), 2, Strategy(maxLength: 8), new ScriptedRandom());

        Assert.Equal("JOHNN10B", next!.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Next_WhenAttemptOutsideTwoToMax_ShouldReturnNull(int attempt)
    {
        Assert.Null(CollisionResolver.Next(NameThenFixed("JOHN", "10"), attempt, Strategy(maxAttempts: 3), new ScriptedRandom()));
    }

    [Fact]
    public void Next_WhenNothingCanBeShortened_ShouldReturnNull()
    {
        var candidate = CodeCandidate.Fixed("SUMMER");

        Assert.Null(CollisionResolver.Next(candidate, 2, Strategy(maxLength: 6), new ScriptedRandom()));
    }

    [Fact]
    public void Resolve_WhenOriginalFree_ShouldKeepItInOneAttempt()
    {
        var resolution = CollisionResolver.Resolve(NameThenFixed("JOHN", "10"), Strategy(), _ => false, new ScriptedRandom());

        Assert.Equal(new CollisionResolution("JOHN10", 1), resolution);
    }

    [Fact]
    public void Resolve_WhenFirstCandidatesTaken_ShouldReturnFirstFreeAndCountAttempts()
    {
        var taken = new HashSet<string> { "JOHN10", "JOHN10B" };

        var resolution = CollisionResolver.Resolve(NameThenFixed("JOHN", "10"), Strategy(), taken.Contains, new ScriptedRandom());

        Assert.Equal(new CollisionResolution("JOHN10C", 3), resolution);
    }

    [Fact]
    public void Resolve_WhenEveryCandidateTaken_ShouldStopAtMaxAttempts()
    {
        var asked = 0;

        var resolution = CollisionResolver.Resolve(NameThenFixed("JOHN", "10"), Strategy(maxAttempts: 4), _ => { asked++; return true; }, new ScriptedRandom());

        Assert.False(resolution.Succeeded);
        Assert.Equal(4, resolution.Attempts);
        Assert.Equal(4, asked);
    }

    [Fact]
    public void Resolve_WhenMaxAttemptsIsOne_ShouldNeverSuffix()
    {
        var resolution = CollisionResolver.Resolve(NameThenFixed("JOHN", "10"), Strategy(maxAttempts: 1), code => code == "JOHN10", new ScriptedRandom());

        Assert.Null(resolution.Code);
    }

    [Fact]
    public void Resolve_WhenRandomPolicyDrawsTakenSuffix_ShouldDrawAgain()
    {
        var taken = new HashSet<string> { "JOHN10", "JOHN10AAA" };

        var resolution = CollisionResolver.Resolve(NameThenFixed("JOHN", "10"), Strategy("randomSuffix"), taken.Contains, new ScriptedRandom(0, 0, 0, 1, 1, 1));

        Assert.Equal("JOHN10BBB", resolution.Code);
        Assert.Equal(3, resolution.Attempts);
    }
}
