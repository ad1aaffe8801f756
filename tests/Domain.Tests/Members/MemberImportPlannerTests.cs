using System.Diagnostics;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;

namespace PromoServerless.Domain.Tests.Members;

public class MemberImportPlannerTests
{
    private static readonly BrandId Brand = new("brand-1");
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Func<MemberId> Sequence()
    {
        var next = 0;
        return () => new MemberId($"new-{++next}");
    }

    private static Member Existing(string id, MemberDraft draft) =>
        new(new MemberId(id), Brand, MemberValidator.Validate(draft).Value, Then, Then);

    private static Dictionary<MemberIdentityKey, Member> Index(params Member[] members) =>
        members.ToDictionary(m => m.Profile.Identity);

    private static MemberImportPlan Plan(IReadOnlyList<MemberImportRow> rows, params Member[] existing) =>
        MemberImportPlanner.Plan(Brand, rows, Index(existing), Now, Sequence());

    [Fact]
    public void Plan_WhenRowIsNew_ShouldCreateMemberWithNewIdAndTimestamps()
    {
        var plan = Plan([new MemberImportRow(2, new MemberDraft { Name = "Anna Berg", Email = "anna@example.com" })]);

        var created = Assert.Single(plan.ToCreate);
        Assert.Equal(new MemberImportRowResult(2, MemberImportOutcome.Created, new MemberId("new-1"), []), Assert.Single(plan.Rows));
        Assert.Equal((Brand, Now, Now), (created.BrandId, created.CreatedAt, created.UpdatedAt));
        Assert.Equal("Berg", created.Profile.LastName);
    }

    [Fact]
    public void Plan_WhenRowMatchesExistingByEmailIgnoringCase_ShouldUpdateIt()
    {
        var anna = Existing("m1", new MemberDraft { Name = "Anna Berg", Email = "anna@example.com" });

        var plan = Plan([new MemberImportRow(2, new MemberDraft { Name = "Anna Berg", Email = "ANNA@example.com", Handle = "@annab" })], anna);

        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal(new MemberId("m1"), updated.Id);
        Assert.Equal("annab", updated.Profile.Handle);
        Assert.Equal(Then, updated.CreatedAt);
        Assert.Equal(Now, updated.UpdatedAt);
        Assert.Equal(MemberImportOutcome.Updated, plan.Rows[0].Outcome);
    }

    [Fact]
    public void Plan_WhenRowMatchesByExternalId_ShouldUpdateEmail()
    {
        var anna = Existing("m1", new MemberDraft { Name = "Anna Berg", Email = "old@example.com", ExternalId = "crm-9" });

        var plan = Plan([new MemberImportRow(2, new MemberDraft { ExternalId = "crm-9", Email = "new@example.com" })], anna);

        var updated = Assert.Single(plan.ToUpdate);
        Assert.Equal("new@example.com", updated.Profile.Email);
        Assert.Equal("Anna Berg", updated.Profile.Name);
    }

    [Fact]
    public void Plan_WhenNewMemberRowHasNoName_ShouldBeInvalidOnName()
    {
        var plan = Plan([new MemberImportRow(7, new MemberDraft { Email = "nobody@example.com" })]);

        Assert.Equal(MemberImportOutcome.Invalid, plan.Rows[0].Outcome);
        Assert.Equal("name", Assert.Single(plan.Rows[0].Errors).Field);
        Assert.Empty(plan.ToCreate);
    }

    [Fact]
    public void Plan_WhenRowOmitsFields_ShouldKeepExistingValues()
    {
        var anna = Existing("m1", new MemberDraft { Name = "Anna Berg", Email = "anna@example.com", Handle = "annab", ExternalId = "crm-1" });

        var plan = Plan([new MemberImportRow(5, new MemberDraft { ExternalId = "crm-1", Name = "Anna Berg" })], anna);

        Assert.Equal(MemberImportOutcome.Unchanged, Assert.Single(plan.Rows).Outcome);
        Assert.Empty(plan.ToUpdate);
    }

    [Fact]
    public void Plan_WhenRowRenamesWithFirstNameOnly_ShouldReplaceAllNameFields()
    {
        var anna = Existing("m1", new MemberDraft { Name = "Anna Berg", ExternalId = "crm-1" });

        var plan = Plan([new MemberImportRow(2, new MemberDraft { ExternalId = "crm-1", FirstName = "Annie" })], anna);

        var profile = Assert.Single(plan.ToUpdate).Profile;
        Assert.Equal(("Annie", "Annie", null), (profile.Name, profile.FirstName, profile.LastName));
    }

    [Fact]
    public void Plan_WhenRowIdenticalToExisting_ShouldBeUnchanged()
    {
        var draft = new MemberDraft { Name = "Anna Berg", Email = "anna@example.com" };

        var plan = Plan([new MemberImportRow(2, draft)], Existing("m1", draft));

        Assert.Equal(new MemberImportRowResult(2, MemberImportOutcome.Unchanged, new MemberId("m1"), []), Assert.Single(plan.Rows));
    }

    [Fact]
    public void Plan_WhenRowInvalid_ShouldReportErrorsAndWriteNothingForIt()
    {
        var plan = Plan(
        [
            new MemberImportRow(2, new MemberDraft { Name = "Bad", Email = "not-an-email" }),
            new MemberImportRow(3, null),
            new MemberImportRow(4, new MemberDraft { Name = "Good", Email = "good@example.com" }),
        ]);

        Assert.Equal([MemberImportOutcome.Invalid, MemberImportOutcome.Invalid, MemberImportOutcome.Created], plan.Rows.Select(r => r.Outcome));
        Assert.Equal("email", Assert.Single(plan.Rows[0].Errors).Field);
        Assert.Null(plan.Rows[0].MemberId);
        Assert.Single(plan.ToCreate);
    }

    [Fact]
    public void Plan_WhenSameMemberTwiceInImport_ShouldKeepFirstRowAndRejectLaterPointingAtFirst()
    {
        var plan = Plan(
        [
            new MemberImportRow(2, new MemberDraft { Name = "Anna", Email = "anna@example.com" }),
            new MemberImportRow(3, new MemberDraft { Name = "Bo", Email = "bo@example.com" }),
            new MemberImportRow(4, new MemberDraft { Name = "Anna B", Email = "Anna@Example.com" }),
        ]);

        Assert.Equal([MemberImportOutcome.Created, MemberImportOutcome.Created, MemberImportOutcome.Invalid], plan.Rows.Select(r => r.Outcome));
        var error = Assert.Single(plan.Rows[2].Errors);
        Assert.Equal("email", error.Field);
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("Anna", plan.ToCreate[0].Profile.Name);
    }

    [Fact]
    public void Plan_WhenDuplicateByExternalId_ShouldReportOnExternalId()
    {
        var plan = Plan(
        [
            new MemberImportRow(1, new MemberDraft { Name = "A", ExternalId = "x1", Email = "a@example.com" }),
            new MemberImportRow(2, new MemberDraft { Name = "B", ExternalId = "x1", Email = "b@example.com" }),
        ]);

        Assert.Equal("externalId", Assert.Single(plan.Rows[1].Errors).Field);
    }

    [Fact]
    public void Plan_WhenSameEmailButDifferentExternalIds_ShouldTreatThemAsTwoMembers()
    {
        var plan = Plan(
        [
            new MemberImportRow(1, new MemberDraft { Name = "A", ExternalId = "x1", Email = "shared@example.com" }),
            new MemberImportRow(2, new MemberDraft { Name = "B", ExternalId = "x2", Email = "shared@example.com" }),
        ]);

        Assert.Equal(2, plan.ToCreate.Count);
    }

    [Fact]
    public void Plan_WhenTenThousandRows_ShouldPlanQuicklyWithCorrectCounts()
    {
        var existing = Enumerable.Range(0, 5_000)
            .Select(i => Existing($"m{i}", new MemberDraft { Name = $"Member {i}", Email = $"member{i}@example.com" }))
            .ToArray();
        var rows = Enumerable.Range(0, 10_000)
            .Select(i => new MemberImportRow(i + 2, new MemberDraft
            {
                Name = $"Member {i}",
                Email = $"member{i}@example.com",
                Handle = i % 2 == 0 ? $"handle{i}" : null,
            }))
            .ToArray();

        var stopwatch = Stopwatch.StartNew();
        var plan = Plan(rows, existing);
        stopwatch.Stop();

        Assert.Equal(5_000, plan.Count(MemberImportOutcome.Created));
        Assert.Equal(2_500, plan.Count(MemberImportOutcome.Updated));
        Assert.Equal(2_500, plan.Count(MemberImportOutcome.Unchanged));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }
}
