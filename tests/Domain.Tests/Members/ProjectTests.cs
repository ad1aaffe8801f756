using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Members;

public class ProjectTests
{
    [Fact]
    public void Validate_WhenNameGiven_ShouldTrimIt()
    {
        var details = ProjectValidator.Validate(new ProjectDraft { Name = "  Spring launch  ", Description = "Creators for the spring drop." }).Value;

        Assert.Equal("Spring launch", details.Name);
        Assert.Equal("Creators for the spring drop.", details.Description);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("P", true)]
    public void Validate_WhenNameMissingOrPresent_ShouldRequireIt(string? name, bool valid)
    {
        Assert.Equal(valid, ProjectValidator.Validate(new ProjectDraft { Name = name }).IsValid);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_WhenNameLength_ShouldAllowUpToHundred(int length, bool valid)
    {
        Assert.Equal(valid, ProjectValidator.Validate(new ProjectDraft { Name = new string('p', length) }).IsValid);
    }

    [Fact]
    public void Validate_WhenNameAndDescriptionInvalid_ShouldReportBoth()
    {
        var result = ProjectValidator.Validate(new ProjectDraft { Name = "a\nb", Description = new string('d', 2001) });

        Assert.Equal(["name", "description"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void NameKey_WhenCaseDiffers_ShouldMatch()
    {
        Assert.Equal(new ProjectDetails("Spring Launch", null).NameKey, new ProjectDetails("spring launch", null).NameKey);
    }
}
