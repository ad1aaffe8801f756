using PromoServerless.Domain.Automation;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class EmailSendTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static EmailRecipient Recipient(int position, RecipientStatus status) =>
        new(MemberId.New(), EmailSend.ChunkOf(position), "m@example.com", status, null, Now);

    private static EmailSend Request(DateTimeOffset? sendAt = null, int named = 0) =>
        EmailSend.Request(
            EmailSendId.New(),
            BrandId.New(),
            OfferId.New(),
            new TemplateOffer("Summer", "", "10% off"),
            new TemplateBrand("Glow", "https://glow.example"),
            new SenderIdentity("Glow", "team@glow.example"),
            named > 0 ? new RecipientSelection(RecipientSource.Members, named) : new RecipientSelection(RecipientSource.AllWithActiveCode, 0),
            sendAt,
            "api",
            Now);

    private static EmailSend Start(IReadOnlyList<EmailRecipient> recipients, DateTimeOffset? sendAt = null) =>
        Request(sendAt).WithRecipients(recipients, Now);

    private static EmailRecipient[] Queued(int count, int skipped = 0) =>
        Enumerable.Range(0, count)
            .Select(i => Recipient(i, i < skipped ? new RecipientStatus.Skipped(SkipReason.NoEmail) : RecipientStatus.Queue()))
            .ToArray();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(1_050, 11)]
    public void Start_ShouldCountRecipientsInChunksOfAtMost100(int recipients, int chunks)
    {
        var send = Start(Queued(recipients, skipped: 1));

        Assert.Equal(chunks, send.Chunks.Count);
        Assert.Equal(new EmailSendCounts(recipients, recipients - 1, 0, 0, 1), send.Counts);
        Assert.All(send.Chunks, c => Assert.InRange(c.Size, 1, EmailSend.ChunkSize));
        Assert.Equal(EmailSendStatus.Sending, send.StatusAt(Now));
    }

    [Fact]
    public void Request_WhenMembersAreNamed_ShouldCountThemQueuedUntilPlanned()
    {
        var asked = Request(named: 3);

        Assert.False(asked.Planned);
        Assert.Equal(new EmailSendCounts(3, 3, 0, 0, 0), asked.Counts);
        Assert.Equal(EmailSendStatus.Sending, asked.StatusAt(Now));
        Assert.False(asked.IsComplete);
    }

    [Fact]
    public void WithRecipients_WhenPlannedAgain_ShouldKeepTheFirstPlan()
    {
        var planned = Request(named: 2).WithRecipients(Queued(2), Now);

        var again = planned.WithRecipients(Queued(5, skipped: 5), Now.AddMinutes(1));

        Assert.Same(planned, again);
        Assert.Equal(new EmailSendCounts(2, 2, 0, 0, 0), again.Counts);
    }

    [Fact]
    public void Start_WhenEveryRecipientIsSkipped_ShouldBeCompletedAtOnce()
    {
        var send = Start(Queued(3, skipped: 3));

        Assert.True(send.IsComplete);
        Assert.Equal(EmailSendStatus.Completed, send.StatusAt(Now));
        Assert.Equal(3, send.Counts.Skipped);
    }

    [Fact]
    public void Start_WhenNobodyIsChosen_ShouldBeCompletedWithNoRecipients()
    {
        var send = Start([]);

        Assert.True(send.IsComplete);
        Assert.Equal(new EmailSendCounts(0, 0, 0, 0, 0), send.Counts);
    }

    [Fact]
    public void StatusAt_WhenSendAtIsAhead_ShouldBeScheduledUntilThen()
    {
        var sendAt = Now.AddHours(2);
        var send = Start(Queued(2), sendAt);

        Assert.Equal(EmailSendStatus.Scheduled, send.StatusAt(Now));
        Assert.Equal(EmailSendStatus.Sending, send.StatusAt(sendAt));
    }

    [Fact]
    public void Start_WhenSendAtHasPassed_ShouldSendNow()
    {
        var send = Start(Queued(1), Now.AddMinutes(-5));

        Assert.Null(send.SendAt);
        Assert.Equal(EmailSendStatus.Sending, send.StatusAt(Now));
    }

    [Fact]
    public void CompletedIfDone_ShouldCompleteOnlyWhenNoChunkHasQueuedRecipients()
    {
        var send = Start(Queued(2));
        var done = send with { Chunks = [new RecipientChunk(2, 2, 0, 0)] };

        Assert.False(send.CompletedIfDone(Now).IsComplete);
        Assert.Equal(Now, done.CompletedIfDone(Now).CompletedAt);
        Assert.False(Request(named: 1).CompletedIfDone(Now).IsComplete);
    }

    [Fact]
    public void WithChunk_WhenEveryChunkIsDone_ShouldCompleteAndReportErrors()
    {
        var send = Start(Queued(150));

        var partly = send.WithChunk(0, new RecipientChunk(100, 100, 0, 0), Now);
        Assert.False(partly.IsComplete);
        Assert.Equal(new EmailSendCounts(150, 50, 100, 0, 0), partly.Counts);

        var done = partly.WithChunk(1, new RecipientChunk(50, 49, 1, 0), Now.AddMinutes(1));
        Assert.Equal(Now.AddMinutes(1), done.CompletedAt);
        Assert.Equal(EmailSendStatus.CompletedWithErrors, done.StatusAt(Now));
        Assert.Equal(new EmailSendCounts(150, 0, 149, 1, 0), done.Counts);
    }

    [Fact]
    public void WithChunk_WhenAnOlderCountArrivesLate_ShouldKeepTheNewerOne()
    {
        var send = Start(Queued(3)).WithChunk(0, new RecipientChunk(3, 2, 0, 0), Now);

        var late = send.WithChunk(0, new RecipientChunk(3, 1, 0, 0), Now);
        var repeated = send.WithChunk(0, new RecipientChunk(3, 2, 0, 0), Now);

        Assert.Same(send, late);
        Assert.Same(send, repeated);
        Assert.Equal(2, send.Counts.Sent);
    }

    [Fact]
    public void WithChunk_WhenCompletedAlready_ShouldKeepTheFirstCompletionTime()
    {
        var send = Start(Queued(2)).WithChunk(0, new RecipientChunk(2, 2, 0, 0), Now);

        var again = send.WithChunk(0, new RecipientChunk(2, 2, 0, 0), Now.AddHours(1));

        Assert.Equal(Now, again.CompletedAt);
    }

    [Fact]
    public void Count_ShouldTallyEachState()
    {
        var chunk = RecipientChunk.Count(
        [
            RecipientStatus.Queue(),
            new RecipientStatus.Sent(Now, "id"),
            new RecipientStatus.Sent(Now, "id2"),
            new RecipientStatus.Failed("550"),
            new RecipientStatus.Skipped(SkipReason.NoCode),
        ]);

        Assert.Equal(new RecipientChunk(5, 2, 1, 1), chunk);
        Assert.Equal(1, chunk.Queued);
        Assert.False(chunk.IsDone);
    }

    [Fact]
    public void Finish_WhenAnOutcomeIsRecorded_ShouldKeepItAndDropTheClaim()
    {
        var recipient = Recipient(0, RecipientStatus.Queue()).ClaimUntil(Now.AddMinutes(2), Now);
        Assert.True(recipient.IsClaimedAt(Now));
        Assert.False(recipient.IsClaimedAt(Now.AddMinutes(2)));

        var sent = recipient.Finish(new RecipientStatus.Sent(Now, "m1"), Now);
        var again = sent.Finish(new RecipientStatus.Failed("later"), Now);

        Assert.Null(sent.ClaimedUntil);
        Assert.Equal(new RecipientStatus.Sent(Now, "m1"), again.Status);
    }

    [Theory]
    [InlineData("Glow Co", "team@glow.example", "Glow Co", "team@glow.example")]
    [InlineData("Glow\r\nBcc: x@evil.example", "team@glow.example", null, "team@glow.example")]
    [InlineData("  ", "not an address", null, null)]
    [InlineData(null, null, null, null)]
    public void SenderIdentity_ShouldKeepOnlyHeaderSafeValues(string? name, string? replyTo, string? expectedName, string? expectedReplyTo)
    {
        var sender = SenderIdentity.Checked(name, replyTo);

        Assert.Equal(new SenderIdentity(expectedName, expectedReplyTo), sender);
    }

    [Fact]
    public void Cancel_WhenScheduledAndNotBegun_ShouldShowCancelledAndStayCancelledWhenTheTimeComes()
    {
        var cancelled = Start(Queued(2), sendAt: Now.AddHours(1)).Cancel(Now);

        Assert.Equal(EmailSendStatus.Cancelled, cancelled.StatusAt(Now.AddHours(2)));
        Assert.Null(cancelled.Begin(Now.AddHours(1)).StartedAt);
        Assert.Equal(CancelOutcome.AlreadyCancelled, cancelled.CancelOutcome);
        Assert.True(cancelled.IsComplete);
    }

    [Fact]
    public void Cancel_WhenBegunOrNotScheduled_ShouldComeTooLate()
    {
        var begun = Start(Queued(2), sendAt: Now.AddHours(1)).Begin(Now.AddHours(1));

        Assert.Equal(CancelOutcome.AlreadyStarted, begun.CancelOutcome);
        Assert.Same(begun, begun.Cancel(Now.AddHours(1)));
        Assert.Equal(EmailSendStatus.Sending, begun.StatusAt(Now.AddMinutes(30)));
        Assert.Equal(CancelOutcome.AlreadyStarted, Start(Queued(1)).CancelOutcome);
    }
}
