using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;

namespace PromoServerless.Domain.Tests.Emails;

public sealed class RecipientChoiceTests
{
    [Fact]
    public void FromRequest_WhenAllWithActiveCode_ShouldChooseAll()
    {
        Assert.IsType<RecipientChoice.AllWithActiveCode>(RecipientChoice.FromRequest(null, true).Value);
    }

    [Fact]
    public void FromRequest_WhenIdsRepeat_ShouldKeepEachOnceInOrder()
    {
        var a = Ids.NewId();
        var b = Ids.NewId();

        var choice = Assert.IsType<RecipientChoice.Members>(RecipientChoice.FromRequest([b, a, b], false).Value);

        Assert.Equal([new MemberId(b), new MemberId(a)], choice.Ids);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void FromRequest_WhenNeitherOrBothAreGiven_ShouldRefuseOnMemberIds(bool giveIds, bool all)
    {
        var result = RecipientChoice.FromRequest(giveIds ? [Ids.NewId()] : null, all);

        Assert.Equal("memberIds", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void FromRequest_WhenAnIdIsMalformed_ShouldNameItsPosition()
    {
        var result = RecipientChoice.FromRequest([Ids.NewId(), "../etc/passwd"], null);

        Assert.Equal("memberIds[1]", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void FromRequest_WhenTooManyIds_ShouldRefuse()
    {
        var ids = Enumerable.Range(0, EmailSend.MaxRecipients + 1).Select(_ => Ids.NewId()).ToArray();

        Assert.Contains("50000", Assert.Single(RecipientChoice.FromRequest(ids, null).Errors).Message, StringComparison.Ordinal);
    }
}
