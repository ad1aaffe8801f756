using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class RecipientStatusTests
{
    [Theory]
    [InlineData(null, "jane@example.com", true, SkipReason.NoCode)]
    [InlineData(" ", "jane@example.com", true, SkipReason.NoCode)]
    [InlineData("JANE10", null, true, SkipReason.NoEmail)]
    [InlineData("JANE10", "", true, SkipReason.NoEmail)]
    [InlineData("JANE10", "not-an-address", true, SkipReason.InvalidEmail)]
    [InlineData("JANE10", "jane@example.com", false, SkipReason.CodeNotActive)]
    public void Decide_WhenSomethingIsMissing_ShouldSkipWithTheReason(string? code, string? email, bool live, SkipReason reason)
    {
        var status = RecipientEligibility.Decide(code, email, live);

        Assert.Equal(new RecipientStatus.Skipped(reason), status);
        Assert.True(status.IsTerminal);
    }

    [Fact]
    public void Decide_WhenCodeIsLiveAndAddressValid_ShouldQueue()
    {
        var status = RecipientEligibility.Decide("JANE10", "jane@example.com", codeIsLive: true);

        Assert.IsType<RecipientStatus.Queued>(status);
        Assert.False(status.IsTerminal);
        Assert.Equal("Queued", status.Name);
    }

    [Fact]
    public void Statuses_WhenCompared_ShouldBeValuesWithNamesAndDetails()
    {
        var sentAt = new DateTimeOffset(2026, 6, 5, 9, 0, 0, TimeSpan.Zero);
        RecipientStatus[] terminal =
        [
            new RecipientStatus.Sent(sentAt, "promo.abc@glow.example"),
            new RecipientStatus.Failed("550 mailbox unavailable"),
            new RecipientStatus.Skipped(SkipReason.NoCode),
        ];

        Assert.Equal(["Sent", "Failed", "Skipped"], terminal.Select(s => s.Name));
        Assert.All(terminal, s => Assert.True(s.IsTerminal));
        Assert.Equal(new RecipientStatus.Failed("550 mailbox unavailable"), terminal[1]);
        Assert.NotEqual<RecipientStatus>(new RecipientStatus.Skipped(SkipReason.NoEmail), terminal[2]);
    }
}
