using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>Which members a preview or send is for.</summary>
public abstract record RecipientChoice
{
    private RecipientChoice()
    {
    }

    /// <summary>These members, in this order, duplicates removed.</summary>
    public sealed record Members(IReadOnlyList<MemberId> Ids) : RecipientChoice;

    /// <summary>Every member whose code in the offer is Active or Scheduled.</summary>
    public sealed record AllWithActiveCode : RecipientChoice;

    /// <summary>The members of one generation batch whose code is Active or Scheduled.</summary>
    public sealed record Batch(CodeBatchId BatchId) : RecipientChoice;

    /// <summary>The members a code operation changed, whatever their code's status now, told with <paramref name="Kind"/>.</summary>
    public sealed record Operation(string OperationId, NotificationKind Kind) : RecipientChoice;

    /// <summary>Checks a request's <c>memberIds</c> / <c>allWithActiveCode</c>: exactly one of them, well-formed ids, within the size limit.</summary>
    public static Validated<RecipientChoice> FromRequest(IReadOnlyList<string>? memberIds, bool? allWithActiveCode)
    {
        var all = allWithActiveCode == true;
        if (all && memberIds is not null)
        {
            return Validated<RecipientChoice>.Fail("memberIds", "Give either memberIds or allWithActiveCode: true, not both.");
        }

        if (all)
        {
            return Validated<RecipientChoice>.Ok(new AllWithActiveCode());
        }

        if (memberIds is null || memberIds.Count == 0)
        {
            return Validated<RecipientChoice>.Fail("memberIds", "Give at least one member id, or allWithActiveCode: true.");
        }

        if (memberIds.Count > EmailSend.MaxRecipients)
        {
            return Validated<RecipientChoice>.Fail("memberIds", $"At most {EmailSend.MaxRecipients} members per send.");
        }

        var errors = new ErrorCollector();
        for (var i = 0; i < memberIds.Count; i++)
        {
            if (!Ids.IsWellFormed(memberIds[i]))
            {
                errors.Add($"memberIds[{i}]", "A member id is 32 lower-case hexadecimal characters.");
            }
        }

        return errors.ToResult<RecipientChoice>(() => new Members(memberIds.Select(id => new MemberId(id)).Distinct().ToArray()));
    }
}
