using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes.Operations;

public sealed class CodeOperationRulesTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WithoutCode_WhenMembersHaveNoUsableCode_ShouldListEachWithWhy()
    {
        var active = Code(PromoCodeStatus.Active);
        var pending = Code(PromoCodeStatus.Pending);
        var failed = Code(PromoCodeStatus.Failed);
        var absent = MemberId.New();
        var codes = new[] { active, pending, failed }.ToDictionary(c => c.MemberId);

        var missing = CodeOperationRules.WithoutCode([active.MemberId, pending.MemberId, failed.MemberId, absent], codes);

        Assert.Equal([pending.MemberId, failed.MemberId, absent], missing.Select(m => m.MemberId));
        Assert.All(missing, m => Assert.False(string.IsNullOrWhiteSpace(m.Reason)));
    }

    [Theory]
    [InlineData(CodeOperationAction.Rename, PromoCodeStatus.Deactivated, true)]
    [InlineData(CodeOperationAction.ChangeDates, PromoCodeStatus.Deactivated, true)]
    [InlineData(CodeOperationAction.Deactivate, PromoCodeStatus.Deactivated, false)]
    [InlineData(CodeOperationAction.Reactivate, PromoCodeStatus.Active, false)]
    [InlineData(CodeOperationAction.Rename, PromoCodeStatus.Expired, false)]
    public void Refusal_ShouldRefuseOnlyWhatCannotApply(CodeOperationAction action, PromoCodeStatus status, bool refused) =>
        Assert.Equal(refused, CodeOperationRules.Refusal(action, Code(status)) is not null);

    [Fact]
    public void FirstSteps_ShouldKeepRequestOrderAndFailWhatCannotApplyUpFront()
    {
        var active = Code(PromoCodeStatus.Active);
        var deactivated = Code(PromoCodeStatus.Deactivated);
        var absent = MemberId.New();
        var command = new CodeOperationCommand(
            CodeOperationAction.Rename,
            [deactivated.MemberId, absent, active.MemberId],
            new Dictionary<MemberId, string> { [active.MemberId] = "NEW10", [deactivated.MemberId] = "OLD10", [absent] = "NONE10" },
            null,
            null);

        var steps = CodeOperationRules.FirstSteps(command, new[] { active, deactivated }.ToDictionary(c => c.MemberId));

        Assert.Equal([(deactivated.MemberId, 0, StepOutcome.Failed), (absent, 1, StepOutcome.Failed), (active.MemberId, 2, StepOutcome.Pending)], steps.Select(s => (s.MemberId, s.Position, s.Outcome)));
        Assert.Equal((active.Code, "NEW10"), (steps[2].FromCode, steps[2].ToCode));
    }

    [Fact]
    public void WithDates_WhenTheNewStartIsAhead_ShouldScheduleTheCodeOnTheGivenDiscount()
    {
        var moved = CodeOperationRules.WithDates(Code(PromoCodeStatus.Active), Now.AddDays(2), Now.AddDays(9), "gid://shopify/DiscountCodeNode/9", Now);

        Assert.Equal(PromoCodeStatus.Scheduled, moved.Status);
        Assert.Equal((Now.AddDays(2), Now.AddDays(9)), (moved.StartsAt, moved.EndsAt));
        Assert.Equal("gid://shopify/DiscountCodeNode/9", moved.ShopifyDiscountId);
    }

    internal static PromoCode Code(PromoCodeStatus status, string discount = "gid://shopify/DiscountCodeNode/1") =>
        new(new OfferId(Ids.NewId()), MemberId.New(), "CODE" + Random.Shared.Next(1000), status, Now.AddDays(-1), null, CodeBatchId.New(),
            status is PromoCodeStatus.Pending or PromoCodeStatus.Failed ? null : discount, null, Now, Now);
}
