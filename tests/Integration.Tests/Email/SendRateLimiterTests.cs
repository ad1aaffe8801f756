using Microsoft.Extensions.Time.Testing;
using PromoServerless.Infra.Email;

namespace PromoServerless.Integration.Tests.Email;

public sealed class SendRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 5, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryAcquire_WhenMinuteIsFull_ShouldSayWhenTheOldestSendLeavesTheWindow()
    {
        var limiter = new SendRateLimiter(perMinute: 3, perHour: 100, _time);
        limiter.TryAcquire();
        _time.Advance(TimeSpan.FromSeconds(10));
        limiter.TryAcquire();
        limiter.TryAcquire();

        var refused = limiter.TryAcquire();

        Assert.False(refused.IsGranted);
        Assert.Equal(TimeSpan.FromSeconds(50), refused.RetryAfter);
        _time.Advance(refused.RetryAfter);
        Assert.True(limiter.TryAcquire().IsGranted);
        Assert.False(limiter.TryAcquire().IsGranted);
    }

    [Fact]
    public void TryAcquire_WhenHourIsFull_ShouldWaitForTheHourEvenIfMinuteIsFree()
    {
        var limiter = new SendRateLimiter(perMinute: 2, perHour: 4, _time);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(limiter.TryAcquire().IsGranted);
            Assert.True(limiter.TryAcquire().IsGranted);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = limiter.TryAcquire();

        Assert.False(refused.IsGranted);
        Assert.Equal(TimeSpan.FromMinutes(58), refused.RetryAfter);
    }

    [Fact]
    public void TryAcquire_WhenRefused_ShouldNotUseUpAPermit()
    {
        var limiter = new SendRateLimiter(perMinute: 1, perHour: 10, _time);
        limiter.TryAcquire();
        for (var i = 0; i < 5; i++)
        {
            Assert.False(limiter.TryAcquire().IsGranted);
        }

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(limiter.TryAcquire().IsGranted);
    }

    [Fact]
    public async Task TryAcquire_WhenCalledFromManyThreads_ShouldGrantExactlyTheLimit()
    {
        var limiter = new SendRateLimiter(perMinute: 50, perHour: 1000, _time);

        var permits = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(limiter.TryAcquire)));

        Assert.Equal(50, permits.Count(p => p.IsGranted));
    }
}
