using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Tests.Naming;

public class CodeCandidateTests
{
    [Fact]
    public void FitTo_WhenShortEnough_ShouldReturnSameValue()
    {
        var candidate = new CodeCandidate([new CodePart("JOHN", true), new CodePart("10", false)]);

        Assert.Equal("JOHN10", candidate.FitTo(6)!.Value);
    }

    [Fact]
    public void FitTo_WhenTooLong_ShouldCutNamePartNeverFixedPart()
    {
        var candidate = new CodeCandidate([new CodePart("MAXIMILIAN", true), new CodePart("15", false)]);

        Assert.Equal("MAXIM15", candidate.FitTo(7)!.Value);
    }

    [Fact]
    public void FitTo_WhenTwoNameParts_ShouldCutTheLongestFirst()
    {
        var candidate = new CodeCandidate([new CodePart("ANN", true), new CodePart("WOLFESCHLEGEL", true), new CodePart("5", false)]);

        Assert.Equal("ANNWOLFE5", candidate.FitTo(9)!.Value);
    }

    [Fact]
    public void FitTo_WhenOnlyFixedPartsWouldRemain_ShouldKeepOneCharacterPerNamePartOrFail()
    {
        var candidate = new CodeCandidate([new CodePart("JOHN", true), new CodePart("SUMMER2026", false)]);

        Assert.Equal("JSUMMER2026", candidate.FitTo(11)!.Value);
        Assert.Null(candidate.FitTo(10));
    }

    [Fact]
    public void Append_WhenSuffixAdded_ShouldNeverBeCutByFit()
    {
        var candidate = new CodeCandidate([new CodePart("JOHNATHAN", true)]).Append("2");

        Assert.Equal("JOHNA2", candidate.FitTo(6)!.Value);
    }
}
