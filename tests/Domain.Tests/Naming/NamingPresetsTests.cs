using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Naming;

public class NamingPresetsTests
{
    private static readonly NamingSubject John = new("John", "Smith", "@johnny.fit");

    [Theory]
    [InlineData("firstNameDiscount", "JOHN10")]
    [InlineData("lastNameDiscount", "SMITH10")]
    [InlineData("fullNameDiscount", "JOHNSMITH10")]
    [InlineData("handleDiscount", "JOHNNYFIT10")]
    [InlineData("firstName", "JOHN")]
    [InlineData("handle", "JOHNNYFIT")]
    [InlineData("firstNameRandom", "JOHNABCD")]
    [InlineData("handleRandom", "JOHNNYFITABCD")]
    [InlineData("random", "ABCDEFGH")]
    public void Preset_WhenAppliedToJohnSmith_ShouldGiveExpectedCode(string preset, string expected)
    {
        var strategy = NamingStrategyValidator.Validate(new NamingStrategyDraft { Preset = preset }).Value;

        var proposal = CodeProposer.Propose(strategy, John, "10", new ScriptedRandom(0, 1, 2, 3, 4, 5, 6, 7));

        Assert.Equal(expected, proposal.Code);
    }

    [Fact]
    public void All_WhenListed_ShouldHaveUniqueNamesAndParsablePatterns()
    {
        Assert.Equal(NamingPresets.All.Count, NamingPresets.All.Select(p => p.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(NamingPresets.All, p => Assert.True(CodePattern.Parse(p.Value).IsValid, p.Key));
    }

    [Fact]
    public void TryFind_WhenNameInOtherCase_ShouldReturnCanonicalName()
    {
        Assert.True(NamingPresets.TryFind(" FIRSTNAMEDISCOUNT ", out var name, out var pattern));
        Assert.Equal("firstNameDiscount", name);
        Assert.Equal("{FIRSTNAME}{DISCOUNT}", pattern);
    }

    [Fact]
    public void TryFind_WhenUnknown_ShouldReturnFalse()
    {
        Assert.False(NamingPresets.TryFind("nickname", out _, out _));
    }
}
