using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public class NotificationKindsTests
{
    [Theory]
    [InlineData("codeReady", NotificationKind.CodeReady)]
    [InlineData("codeRenamed", NotificationKind.CodeRenamed)]
    [InlineData("codeDeactivated", NotificationKind.CodeDeactivated)]
    [InlineData("codeReactivated", NotificationKind.CodeReactivated)]
    [InlineData("codeDatesChanged", NotificationKind.CodeDatesChanged)]
    public void Parse_WhenGivenAWireName_ShouldAnswerItsKind(string wireName, NotificationKind kind)
    {
        Assert.Equal(kind, NotificationKinds.Parse(wireName));
        Assert.Equal(wireName, kind.WireName());
    }

    [Theory]
    [InlineData("CodeRenamed")]
    [InlineData("1")]
    [InlineData("codeExpired")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_WhenNotAWireName_ShouldAnswerNull(string? wireName)
    {
        Assert.Null(NotificationKinds.Parse(wireName));
    }
}
