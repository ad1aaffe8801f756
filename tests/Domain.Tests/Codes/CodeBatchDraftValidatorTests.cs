using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes;

public sealed class CodeBatchDraftValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly string MemberA = Ids.NewId();

    [Fact]
    public void Validate_WhenMembersAndStartGiven_ShouldSelectThem()
    {
        var result = CodeBatchDraftValidator.Validate(new CodeBatchDraft { MemberIds = [MemberA, MemberA], StartsAt = Now }, Now);
        Assert.True(result.IsValid);
        Assert.Equal([new MemberId(MemberA)], result.Value.MemberIds);
        Assert.False(result.Value.SendEmails);
    }

    [Fact]
    public void Validate_WhenNoMembersChosen_ShouldAskForProjectsOrMembers()
    {
        var result = CodeBatchDraftValidator.Validate(new CodeBatchDraft { StartsAt = Now }, Now);
        Assert.Contains(result.Errors, e => e.Field == "projectIds");
    }

    [Fact]
    public void Validate_WhenStartMissingAndEndBeforeNow_ShouldNameBothFields()
    {
        var result = CodeBatchDraftValidator.Validate(new CodeBatchDraft { MemberIds = [MemberA], EndsAt = Now.AddDays(-1) }, Now);
        Assert.Contains(result.Errors, e => e.Field == "startsAt");
        Assert.Contains(result.Errors, e => e.Field == "endsAt");
    }

    [Fact]
    public void Validate_WhenEndNotAfterStart_ShouldRefuseEnd()
    {
        var result = CodeBatchDraftValidator.Validate(new CodeBatchDraft { MemberIds = [MemberA], StartsAt = Now.AddDays(2), EndsAt = Now.AddDays(1) }, Now);
        Assert.Equal("endsAt", Assert.Single(result.Errors).Field);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("")]
    public void Validate_WhenAnIdIsMalformed_ShouldNameItsIndex(string bad)
    {
        var result = CodeBatchDraftValidator.Validate(new CodeBatchDraft { MemberIds = [MemberA, bad], StartsAt = Now }, Now);
        Assert.Equal("memberIds[1]", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_WhenOverrideRepeatsAMemberOrLacksACode_ShouldNameEach()
    {
        var result = CodeBatchDraftValidator.Validate(
            new CodeBatchDraft
            {
                MemberIds = [MemberA],
                StartsAt = Now,
                Overrides = [new CodeOverrideDraft { MemberId = MemberA, Code = "JOHN" }, new CodeOverrideDraft { MemberId = MemberA, Code = "JOHNNY" }, new CodeOverrideDraft { MemberId = MemberA }],
            },
            Now);
        Assert.Contains(result.Errors, e => e.Field == "overrides[1].memberId");
        Assert.Contains(result.Errors, e => e.Field == "overrides[2].code");
    }

    [Fact]
    public void Validate_WhenBodyMissing_ShouldFail() =>
        Assert.False(CodeBatchDraftValidator.Validate(null, Now).IsValid);
}
