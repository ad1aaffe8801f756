using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class OfferStatusTests
{
    private static readonly DateTimeOffset Created = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddHours(3);

    private static OfferDefinition Definition(string name = "Summer Sale") =>
        OfferValidator.Validate(Drafts.Offer() with { Name = name }, "USD").Value;

    private static Offer InStatus(OfferStatus status) =>
        Offer.Restore(new OfferId("o1"), new BrandId("b1"), Definition(), status, Created, Created);

    [Fact]
    public void Create_WhenNew_ShouldBeActiveWithBothTimestampsNow()
    {
        var offer = Offer.Create(new OfferId("o1"), new BrandId("b1"), Definition(), Created);

        Assert.Equal(OfferStatus.Active, offer.Status);
        Assert.Equal(Created, offer.CreatedAt);
        Assert.Equal(Created, offer.UpdatedAt);
        Assert.True(offer.AcceptsNewCodes);
    }

    [Theory]
    [InlineData(OfferStatus.Active, OfferChangeOutcome.Changed, OfferStatus.Paused)]
    [InlineData(OfferStatus.Paused, OfferChangeOutcome.Unchanged, OfferStatus.Paused)]
    [InlineData(OfferStatus.Expired, OfferChangeOutcome.Refused, OfferStatus.Expired)]
    [InlineData(OfferStatus.Archived, OfferChangeOutcome.Refused, OfferStatus.Archived)]
    public void Pause_WhenInStatus_ShouldFollowTransitionRules(OfferStatus from, OfferChangeOutcome outcome, OfferStatus to)
    {
        var change = InStatus(from).Pause(Later);

        Assert.Equal(outcome, change.Outcome);
        Assert.Equal(to, change.Offer.Status);
    }

    [Theory]
    [InlineData(OfferStatus.Active, OfferChangeOutcome.Unchanged, OfferStatus.Active)]
    [InlineData(OfferStatus.Paused, OfferChangeOutcome.Changed, OfferStatus.Active)]
    [InlineData(OfferStatus.Expired, OfferChangeOutcome.Changed, OfferStatus.Active)]
    [InlineData(OfferStatus.Archived, OfferChangeOutcome.Refused, OfferStatus.Archived)]
    public void Resume_WhenInStatus_ShouldFollowTransitionRules(OfferStatus from, OfferChangeOutcome outcome, OfferStatus to)
    {
        var change = InStatus(from).Resume(Later);

        Assert.Equal(outcome, change.Outcome);
        Assert.Equal(to, change.Offer.Status);
    }

    [Theory]
    [InlineData(OfferStatus.Active, OfferChangeOutcome.Changed)]
    [InlineData(OfferStatus.Paused, OfferChangeOutcome.Changed)]
    [InlineData(OfferStatus.Expired, OfferChangeOutcome.Changed)]
    [InlineData(OfferStatus.Archived, OfferChangeOutcome.Unchanged)]
    public void Archive_WhenInStatus_ShouldAlwaysEndArchived(OfferStatus from, OfferChangeOutcome outcome)
    {
        var change = InStatus(from).Archive(Later);

        Assert.Equal(outcome, change.Outcome);
        Assert.Equal(OfferStatus.Archived, change.Offer.Status);
    }

    [Theory]
    [InlineData(OfferStatus.Active, OfferChangeOutcome.Changed, OfferStatus.Expired)]
    [InlineData(OfferStatus.Paused, OfferChangeOutcome.Changed, OfferStatus.Expired)]
    [InlineData(OfferStatus.Expired, OfferChangeOutcome.Unchanged, OfferStatus.Expired)]
    [InlineData(OfferStatus.Archived, OfferChangeOutcome.Refused, OfferStatus.Archived)]
    public void Expire_WhenInStatus_ShouldFollowTransitionRules(OfferStatus from, OfferChangeOutcome outcome, OfferStatus to)
    {
        var change = InStatus(from).Expire(Later);

        Assert.Equal(outcome, change.Outcome);
        Assert.Equal(to, change.Offer.Status);
    }

    [Fact]
    public void Resume_WhenArchived_ShouldGiveReasonAndLeaveOfferUntouched()
    {
        var archived = InStatus(OfferStatus.Archived);

        var change = archived.Resume(Later);

        Assert.True(change.IsRefused);
        Assert.Contains("archived", change.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Same(archived, change.Offer);
    }

    [Fact]
    public void Pause_WhenChanged_ShouldStampUpdatedAtAndKeepCreatedAt()
    {
        var change = InStatus(OfferStatus.Active).Pause(Later);

        Assert.Equal(Later, change.Offer.UpdatedAt);
        Assert.Equal(Created, change.Offer.CreatedAt);
    }

    [Fact]
    public void Pause_WhenAlreadyPaused_ShouldNotTouchUpdatedAt()
    {
        Assert.Equal(Created, InStatus(OfferStatus.Paused).Pause(Later).Offer.UpdatedAt);
    }

    [Fact]
    public void Update_WhenNotArchived_ShouldReplaceDefinitionAndKeepStatus()
    {
        var change = InStatus(OfferStatus.Paused).Update(Definition("Winter Sale"), Later);

        Assert.Equal(OfferChangeOutcome.Changed, change.Outcome);
        Assert.Equal("Winter Sale", change.Offer.Definition.Name);
        Assert.Equal(OfferStatus.Paused, change.Offer.Status);
        Assert.Equal(Later, change.Offer.UpdatedAt);
    }

    [Fact]
    public void Update_WhenArchived_ShouldBeRefused()
    {
        var change = InStatus(OfferStatus.Archived).Update(Definition("Winter Sale"), Later);

        Assert.True(change.IsRefused);
        Assert.Equal("Summer Sale", change.Offer.Definition.Name);
    }

    [Theory]
    [InlineData(OfferStatus.Paused)]
    [InlineData(OfferStatus.Expired)]
    [InlineData(OfferStatus.Archived)]
    public void AcceptsNewCodes_WhenNotActive_ShouldBeFalse(OfferStatus status)
    {
        Assert.False(InStatus(status).AcceptsNewCodes);
    }
}
