using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public class NotificationTemplateTests
{
    public static TheoryData<NotificationKind> Changes => [NotificationKind.CodeRenamed, NotificationKind.CodeDeactivated, NotificationKind.CodeReactivated, NotificationKind.CodeDatesChanged];

    [Theory]
    [MemberData(nameof(Changes))]
    public void For_EachChange_ShouldHaveItsOwnTemplateNamingTheCode(NotificationKind kind)
    {
        var template = NotificationTemplates.For(kind);

        Assert.NotEqual(EmailTemplate.Default, template);
        Assert.Single(Changes.Select(k => NotificationTemplates.For(k.Data)), t => t == template);
        Assert.All([template.Subject, template.TextBody, template.HtmlBody], part => Assert.Contains("{{ code }}", part));
    }

    [Fact]
    public void Renamed_ShouldGiveTheOldAndTheNewCode()
    {
        Assert.Contains("from {{ previous_code }}", NotificationTemplates.Renamed.TextBody);
        Assert.Contains("to {{ code }}", NotificationTemplates.Renamed.TextBody);
    }

    [Theory]
    [InlineData(NotificationKind.CodeRenamed)]
    [InlineData(NotificationKind.CodeReactivated)]
    [InlineData(NotificationKind.CodeDatesChanged)]
    public void ChangesThatKeepTheCodeWorking_ShouldGiveTheNewDates(NotificationKind kind)
    {
        Assert.Contains("{{ starts_at }}", NotificationTemplates.For(kind).TextBody);
        Assert.Contains("{{ ends_at }}", NotificationTemplates.For(kind).HtmlBody);
    }

    [Fact]
    public void Deactivated_ShouldSayTheCodeNoLongerWorks()
    {
        Assert.Contains("has been deactivated", NotificationTemplates.Deactivated.Subject);
        Assert.Contains("no longer works", NotificationTemplates.Deactivated.TextBody);
        Assert.DoesNotContain("{{ starts_at }}", NotificationTemplates.Deactivated.TextBody);
    }

    [Fact]
    public void CodeReady_ShouldStayTheDefaultTemplate()
    {
        Assert.Same(EmailTemplate.Default, NotificationTemplates.For(NotificationKind.CodeReady));
    }
}
