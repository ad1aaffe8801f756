using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Naming;

public class CodeProposerTests
{
    private static NamingStrategy Strategy(string pattern, int maxLength = 32) =>
        NamingStrategyValidator.Validate(new NamingStrategyDraft { Pattern = pattern, MaxLength = maxLength }).Value;

    [Fact]
    public void Propose_WhenNameHasDiacritics_ShouldFoldThem()
    {
        var proposal = CodeProposer.Propose(Strategy("{FIRSTNAME}{DISCOUNT}"), new NamingSubject("Zoë", null, null), "15", new ScriptedRandom());

        Assert.Equal("ZOE15", proposal.Code);
    }

    [Fact]
    public void Propose_WhenFullNameAndOnlyLastNameKnown_ShouldUseLastName()
    {
        var proposal = CodeProposer.Propose(Strategy("{FULLNAME}"), new NamingSubject(null, "Müller", null), "10", new ScriptedRandom());

        Assert.Equal("MULLER", proposal.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("🙂")]
    [InlineData("Иван")]
    public void Propose_WhenFirstNameGivesNoCodeCharacters_ShouldFailWithReason(string? firstName)
    {
        var proposal = CodeProposer.Propose(Strategy("{FIRSTNAME}{DISCOUNT}"), new NamingSubject(firstName, "Smith", "jsmith"), "10", new ScriptedRandom());

        Assert.False(proposal.Succeeded);
        Assert.Contains("first name", proposal.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_WhenSeveralTokensMissing_ShouldNameEachOnce()
    {
        var proposal = CodeProposer.Propose(Strategy("{HANDLE}{LASTNAME}{HANDLE}"), new NamingSubject("John", null, null), "10", new ScriptedRandom());

        Assert.Equal("The member has no handle and no last name with letters or digits A-Z/0-9 for this pattern; enter a code for this member.", proposal.FailureReason);
    }

    [Fact]
    public void Propose_WhenNameTooLong_ShouldTruncateNameAndKeepDiscount()
    {
        var proposal = CodeProposer.Propose(Strategy("{FULLNAME}{DISCOUNT}", maxLength: 10), new NamingSubject("Maximilian", "Wolfeschlegel", null), "20", new ScriptedRandom());

        Assert.Equal("MAXIMILI20", proposal.Code);
    }

    [Fact]
    public void Propose_WhenPatternHasRandom_ShouldDrawFromSafeAlphabet()
    {
        var proposal = CodeProposer.Propose(Strategy("{FIRSTNAME}{RANDOM:5}"), new NamingSubject("Ann", null, null), "10", new ScriptedRandom(8, 13, 23, 24, 31));

        Assert.Equal("ANNJPZ29", proposal.Code);
        Assert.DoesNotContain(proposal.Code!, c => c is '0' or 'O' or '1' or 'I');
    }

    [Fact]
    public void Propose_WhenLiteralsAroundName_ShouldKeepLiterals()
    {
        var proposal = CodeProposer.Propose(Strategy("VIP{HANDLE}X"), new NamingSubject(null, null, "@ana_b"), "10", new ScriptedRandom());

        Assert.Equal("VIPANABX", proposal.Code);
    }
}
