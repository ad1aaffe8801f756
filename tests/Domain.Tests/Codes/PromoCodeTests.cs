using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class PromoCodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StatusByDate_WhenStartIsAhead_ShouldBeScheduled() =>
        Assert.Equal(PromoCodeStatus.Scheduled, PromoCode.StatusByDate(Now.AddDays(1), null, Now));

    [Fact]
    public void StatusByDate_WhenStartedAndNoEnd_ShouldBeActive() =>
        Assert.Equal(PromoCodeStatus.Active, PromoCode.StatusByDate(Now.AddDays(-1), null, Now));

    [Fact]
    public void StatusByDate_WhenEndPassed_ShouldBeExpired() =>
        Assert.Equal(PromoCodeStatus.Expired, PromoCode.StatusByDate(Now.AddDays(-2), Now.AddMinutes(-1), Now));

    [Fact]
    public void RefreshByDate_WhenScheduledCodeStarts_ShouldBecomeActive()
    {
        var code = NewCode(PromoCodeStatus.Scheduled, Now.AddHours(1));
        var refreshed = code.RefreshByDate(Now.AddHours(2));
        Assert.Equal(PromoCodeStatus.Active, refreshed.Status);
        Assert.Equal(Now.AddHours(2), refreshed.UpdatedAt);
    }

    [Fact]
    public void RefreshByDate_WhenDeactivated_ShouldStayDeactivated()
    {
        var code = NewCode(PromoCodeStatus.Deactivated, Now.AddHours(-1));
        Assert.Same(code, code.RefreshByDate(Now.AddDays(10)));
    }

    [Theory]
    [InlineData(PromoCodeStatus.Pending, true)]
    [InlineData(PromoCodeStatus.Active, true)]
    [InlineData(PromoCodeStatus.Scheduled, true)]
    [InlineData(PromoCodeStatus.Expired, false)]
    [InlineData(PromoCodeStatus.Deactivated, false)]
    [InlineData(PromoCodeStatus.Failed, false)]
    public void IsLive_ShouldHoldOnlyForCodesThatWorkOrWill(PromoCodeStatus status, bool live) =>
        Assert.Equal(live, NewCode(status, Now).IsLive);

    private static PromoCode NewCode(PromoCodeStatus status, DateTimeOffset startsAt) =>
        new(OfferId.New(), MemberId.New(), "JOHN10", status, startsAt, null, CodeBatchId.New(), null, null, Now, Now);
}
