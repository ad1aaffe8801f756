using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class RecipientPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ActiveDateFormatter Dates = ActiveDateFormatter.Create("America/New_York", "en-US").Value;

    private static MemberProfile Profile(string name = "Jane Doe", string? email = "jane@example.com", string? first = null, string? last = null) =>
        new(name, first, last, email, "janedoe", null);

    private static PromoCode Code(MemberId member, PromoCodeStatus status = PromoCodeStatus.Active, string code = "JANE10") =>
        new(OfferId.New(), member, code, status, new DateTimeOffset(2026, 6, 5, 4, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 30, 16, 30, 0, TimeSpan.Zero), CodeBatchId.New(), null, null, Now, Now);

    private static RecipientCandidate Candidate(MemberProfile? profile, PromoCodeStatus? status = PromoCodeStatus.Active)
    {
        var id = MemberId.New();
        return new RecipientCandidate(id, profile, status is { } s ? Code(id, s) : null);
    }

    [Fact]
    public void Decide_WhenMemberHasAnActiveCodeAndAddress_ShouldQueueWithContentInTheBrandsDates()
    {
        var (status, content) = RecipientPlanner.Decide(Candidate(Profile()), Dates);

        Assert.IsType<RecipientStatus.Queued>(status);
        Assert.Equal(new RecipientContent(new TemplateMember("Jane Doe", "Jane", "Doe", "jane@example.com", "janedoe"), "JANE10", "June 5, 2026", "June 30, 2026 at 12:30 PM"), content);
    }

    [Fact]
    public void Decide_WhenProfileHasFirstAndLastName_ShouldUseThemRatherThanSplitting()
    {
        var (_, content) = RecipientPlanner.Decide(Candidate(Profile("Mary Ann Lee", first: "Mary Ann", last: "Lee")), Dates);

        Assert.Equal("Mary Ann", content!.Member.FirstName);
        Assert.Equal("Lee", content.Member.LastName);
    }

    [Theory]
    [InlineData(PromoCodeStatus.Scheduled, null)]
    [InlineData(PromoCodeStatus.Pending, SkipReason.CodeNotActive)]
    [InlineData(PromoCodeStatus.Expired, SkipReason.CodeNotActive)]
    [InlineData(PromoCodeStatus.Deactivated, SkipReason.CodeNotActive)]
    [InlineData(PromoCodeStatus.Failed, SkipReason.CodeNotActive)]
    public void Decide_ShouldEmailOnlyCodesThatWorkNowOrWill(PromoCodeStatus code, SkipReason? reason)
    {
        var (status, _) = RecipientPlanner.Decide(Candidate(Profile(), code), Dates);

        Assert.Equal(reason is { } r ? new RecipientStatus.Skipped(r) : RecipientStatus.Queue(), status);
    }

    [Fact]
    public void Decide_WhenSomethingIsMissing_ShouldSkipWithTheReasonAndNoContent()
    {
        Assert.Equal((new RecipientStatus.Skipped(SkipReason.MemberNotFound), null), RecipientPlanner.Decide(Candidate(null), Dates));
        Assert.Equal((new RecipientStatus.Skipped(SkipReason.NoCode), null), RecipientPlanner.Decide(Candidate(Profile(), status: null), Dates));
        Assert.Equal((new RecipientStatus.Skipped(SkipReason.NoEmail), null), RecipientPlanner.Decide(Candidate(Profile(email: null)), Dates));
        Assert.Equal((new RecipientStatus.Skipped(SkipReason.InvalidEmail), null), RecipientPlanner.Decide(Candidate(Profile(email: "jane@")), Dates));
    }

    [Fact]
    public void Plan_ShouldKeepOrderDropRepeatsAndNumberChunksByPosition()
    {
        var candidates = Enumerable.Range(0, 205).Select(_ => Candidate(Profile())).ToList();
        candidates.Insert(3, candidates[0]);

        var planned = RecipientPlanner.Plan(candidates, Dates, Now);

        Assert.Equal(205, planned.Count);
        Assert.Equal(candidates.Select(c => c.MemberId).Distinct(), planned.Select(p => p.MemberId));
        Assert.Equal([0, 0, 1, 2], new[] { planned[0], planned[99], planned[100], planned[204] }.Select(p => p.Chunk));
    }
}
