using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class SendRateLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly SendRate PerMinute = new(30, TimeSpan.FromMinutes(1));
    private static readonly SendRate PerHour = new(100, TimeSpan.FromHours(1));

    [Fact]
    public void AllowedAt_ShouldBeTheSmallestRoomLeftInAnyWindow()
    {
        var log = SendRateLog.For([PerMinute, PerHour]).Record(Start, 20);

        Assert.Equal(10, log.AllowedAt(Start.AddSeconds(10)));
        Assert.Equal(30, log.AllowedAt(Start.AddMinutes(1)));
        Assert.Equal(int.MaxValue, SendRateLog.For([]).Record(Start, 5).AllowedAt(Start));
    }

    [Fact]
    public void NextAllowedAt_WhenTheMinuteIsSpent_ShouldBeWhenTheOldestWaveLeavesIt()
    {
        var log = SendRateLog.For([PerMinute, PerHour]).Record(Start, 20).Record(Start.AddSeconds(20), 10);

        Assert.Equal(0, log.AllowedAt(Start.AddSeconds(30)));
        Assert.Equal(Start.AddMinutes(1), log.NextAllowedAt(Start.AddSeconds(30)));
        Assert.Equal(20, log.AllowedAt(Start.AddMinutes(1)));
    }

    [Fact]
    public void NextAllowedAt_WhenTheHourIsSpent_ShouldWaitForTheHourNotTheMinute()
    {
        var log = SendRateLog.For([PerMinute, PerHour]);
        for (var minute = 0; minute < 4; minute++)
        {
            log = log.Record(Start.AddMinutes(minute), 25);
        }

        var now = Start.AddMinutes(5);

        Assert.Equal(0, log.AllowedAt(now));
        Assert.Equal(Start.AddHours(1), log.NextAllowedAt(now));
    }

    [Fact]
    public void NextAllowedAt_WhenThereIsRoom_ShouldBeNow() =>
        Assert.Equal(Start, SendRateLog.For([PerMinute]).Record(Start, 29).NextAllowedAt(Start));

    [Fact]
    public void Record_ShouldForgetWavesNoWindowCanSeeAndIgnoreEmptyWaves()
    {
        var log = SendRateLog.For([PerMinute, PerHour]).Record(Start, 5).Record(Start.AddMinutes(30), 0);

        var later = log.Record(Start.AddHours(1), 1);

        Assert.Single(log.Sent);
        Assert.Equal([new SentWave(Start.AddHours(1), 1)], later.Sent);
    }
}
