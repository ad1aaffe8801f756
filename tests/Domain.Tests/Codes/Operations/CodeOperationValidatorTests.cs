using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Tests.Codes.Operations;

public sealed class CodeOperationValidatorTests
{
    private const int MaxLength = 32;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Ana = Ids.NewId();
    private static readonly string Ben = Ids.NewId();

    [Fact]
    public void Validate_WhenRenameIsComplete_ShouldUpperCaseTheNewCodes()
    {
        var result = Validate(new CodeOperationRequest { Action = "rename", MemberIds = [Ana], Codes = new Dictionary<string, string?> { [Ana] = " ana20 " } });

        Assert.True(result.IsValid);
        Assert.Equal(CodeOperationAction.Rename, result.Value.Action);
        Assert.Equal("ANA20", result.Value.NewCodes[new MemberId(Ana)]);
    }

    [Fact]
    public void Validate_WhenActionIsUnknown_ShouldNameAction() =>
        Assert.Equal("action", Assert.Single(Validate(new CodeOperationRequest { Action = "archive", MemberIds = [Ana] }).Errors).Field);

    [Fact]
    public void Validate_WhenNoMembers_ShouldNameMemberIds() =>
        Assert.Equal("memberIds", Assert.Single(Validate(new CodeOperationRequest { Action = "deactivate", MemberIds = [] }).Errors).Field);

    [Fact]
    public void Validate_WhenMoreMembersThanAChunk_ShouldAcceptThemAll()
    {
        var ids = Enumerable.Range(0, CodeOperation.ChunkSize + 1).Select(_ => (string?)Ids.NewId()).ToArray();
        Assert.Equal(ids.Length, Validate(new CodeOperationRequest { Action = "deactivate", MemberIds = ids }).Value.MemberIds.Count);
    }

    [Fact]
    public void Validate_WhenMoreMembersThanOneRequestCarries_ShouldNameMemberIds()
    {
        var ids = Enumerable.Range(0, CodeOperationValidator.MaxMembers + 1).Select(_ => (string?)Ids.NewId()).ToArray();
        Assert.Equal("memberIds", Assert.Single(Validate(new CodeOperationRequest { Action = "deactivate", MemberIds = ids }).Errors).Field);
    }

    [Fact]
    public void Validate_WhenIdsAreMalformedOrRepeated_ShouldNameEachPosition()
    {
        var result = Validate(new CodeOperationRequest { Action = "deactivate", MemberIds = [Ana, "nope", Ana, null] });
        Assert.Equal(["memberIds[1]", "memberIds[2]", "memberIds[3]"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_WhenARenameCodeIsMissingInvalidOrShared_ShouldNameTheMembersCode()
    {
        var result = Validate(new CodeOperationRequest
        {
            Action = "rename",
            MemberIds = [Ana, Ben],
            Codes = new Dictionary<string, string?> { [Ana] = "SAME10", [Ben] = "same10" },
        });
        Assert.Equal($"codes.{Ben}", Assert.Single(result.Errors).Field);

        var invalid = Validate(new CodeOperationRequest { Action = "rename", MemberIds = [Ana, Ben], Codes = new Dictionary<string, string?> { [Ana] = "NO SPACE" } });
        Assert.Equal([$"codes.{Ana}", $"codes.{Ben}"], invalid.Errors.Select(e => e.Field).Distinct());
    }

    [Fact]
    public void Validate_WhenACodeIsForAMemberNotListed_ShouldNameIt()
    {
        var stranger = Ids.NewId();
        var result = Validate(new CodeOperationRequest { Action = "rename", MemberIds = [Ana], Codes = new Dictionary<string, string?> { [Ana] = "ANA20", [stranger] = "X20" } });
        Assert.Equal($"codes.{stranger}", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_WhenFieldsOfAnotherActionAreSent_ShouldRefuseThem()
    {
        var result = Validate(new CodeOperationRequest { Action = "deactivate", MemberIds = [Ana], Codes = new Dictionary<string, string?> { [Ana] = "ANA20" }, StartsAt = Now });
        Assert.Equal(["codes", "startsAt"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_WhenChangeDatesLacksStart_ShouldNameStartsAt() =>
        Assert.Equal("startsAt", Assert.Single(Validate(new CodeOperationRequest { Action = "changeDates", MemberIds = [Ana] }).Errors).Field);

    [Theory]
    [InlineData(-1)]
    [InlineData(-3)]
    public void Validate_WhenEndIsNotAfterStart_ShouldNameEndsAt(int endDays)
    {
        var result = Validate(new CodeOperationRequest { Action = "changeDates", MemberIds = [Ana], StartsAt = Now.AddDays(-1), EndsAt = Now.AddDays(endDays) });
        Assert.Equal("endsAt", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Validate_WhenChangeDatesHasNoEnd_ShouldAcceptAnOpenEnd()
    {
        var result = Validate(new CodeOperationRequest { Action = "changeDates", MemberIds = [Ana], StartsAt = Now.AddDays(1) });
        Assert.True(result.IsValid);
        Assert.Null(result.Value.EndsAt);
    }

    [Fact]
    public void Validate_WhenBodyIsMissing_ShouldRefuse() => Assert.False(CodeOperationValidator.Validate(null, Now, MaxLength).IsValid);

    private static Validated<CodeOperationCommand> Validate(CodeOperationRequest request) => CodeOperationValidator.Validate(request, Now, MaxLength);
}
