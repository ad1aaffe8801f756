using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;

namespace PromoServerless.Domain.Tests.Webhooks;

public sealed class WebhookSubscriptionTests
{
    private static readonly DateTimeOffset Created = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static WebhookSubscription Subscription(params EventType[] types) =>
        new(WebhookSubscriptionId.New(), BrandId.New(), new Uri("https://hooks.example.com/promo"), types, null, SubscriptionStatus.Active, Created);

    [Fact]
    public void DisabledAfterFailures_WhenNothingWasDeliveredSinceTheFirstFailure_ShouldDisableWithTimeAndReason()
    {
        var failingSince = Created.AddHours(1);
        var disabled = Subscription(EventType.CodeCreated).Delivered(Created.AddMinutes(30)).DisabledAfterFailures(failingSince, failingSince.AddHours(24), "failed for 24 h");

        Assert.Equal(SubscriptionStatus.Disabled, disabled.Status);
        Assert.Equal(failingSince.AddHours(24), disabled.DisabledAt);
        Assert.Equal("failed for 24 h", disabled.DisabledReason);
        Assert.False(disabled.Receives(EventType.CodeCreated));
    }

    [Fact]
    public void DisabledAfterFailures_WhenAnotherEventWasDeliveredMeanwhile_ShouldStayActive()
    {
        var failingSince = Created.AddHours(1);
        var subscription = Subscription(EventType.CodeCreated).Delivered(failingSince.AddHours(12));

        var after = subscription.DisabledAfterFailures(failingSince, failingSince.AddHours(24), "failed");

        Assert.Equal(SubscriptionStatus.Active, after.Status);
        Assert.True(after.Receives(EventType.CodeCreated));
    }

    [Fact]
    public void Delivered_WhenTheLastSuccessIsRecent_ShouldChangeNothingSoABurstDoesNotRewriteTheRow()
    {
        var once = Subscription(EventType.CodeCreated).Delivered(Created.AddHours(1));

        Assert.Same(once, once.Delivered(Created.AddHours(1).AddSeconds(30)));
        Assert.Equal(Created.AddHours(1).AddMinutes(2), once.Delivered(Created.AddHours(1).AddMinutes(2)).LastDeliveredAt);
    }

    [Fact]
    public void Receives_ShouldBeOnlyTheChosenTypes()
    {
        var subscription = Subscription(EventType.CodeBatchCompleted);

        Assert.True(subscription.Receives(EventType.CodeBatchCompleted));
        Assert.False(subscription.Receives(EventType.CodeCreated));
    }

    [Fact]
    public void DefaultRetrySchedule_ShouldGrowThenCoverTwentyFourHours()
    {
        var delays = RetrySchedule.Default;

        Assert.Equal(TimeSpan.FromHours(24), RetrySchedule.Window(delays));
        Assert.Equal(TimeSpan.FromMinutes(1), delays[0]);
        Assert.All(delays.Take(5).Zip(delays.Skip(1).Take(4)), pair => Assert.True(pair.Second > pair.First));
    }
}
