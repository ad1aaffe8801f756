using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Members;

public class PersonNameTests
{
    [Theory]
    [InlineData("John Smith", "John", "Smith")]
    [InlineData("Jean-Claude Van Damme", "Jean-Claude", "Van Damme")]
    [InlineData("  Madonna  ", "Madonna", null)]
    [InlineData("Ana   María  López", "Ana", "María López")]
    public void Split_WhenName_ShouldTakeFirstWordAsFirstName(string name, string? first, string? last)
    {
        Assert.Equal((first, last), PersonName.Split(name));
    }

    [Theory]
    [InlineData("John", "Smith", "John Smith")]
    [InlineData("John", null, "John")]
    [InlineData(null, "Smith", "Smith")]
    [InlineData(null, null, null)]
    public void Join_WhenParts_ShouldJoinPresentOnesWithOneSpace(string? first, string? last, string? expected)
    {
        Assert.Equal(expected, PersonName.Join(first, last));
    }
}
