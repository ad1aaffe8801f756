using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Emails;

/// <summary>
/// What one recipient's email says about them, fixed when the send is made: a preview, the send and any
/// redelivery render exactly the same text.
/// </summary>
public sealed record RecipientContent(TemplateMember Member, string Code, string StartsAt, string? EndsAt, string? PreviousCode = null)
{
    public EmailTemplateModel ToModel(TemplateOffer offer, TemplateBrand brand) => new(Member, Code, StartsAt, EndsAt, offer, brand, PreviousCode);
}

/// <summary>
/// One member of an email send. <see cref="Content"/> is set for a member who gets an email;
/// <see cref="ClaimedUntil"/> marks a delivery attempt in progress, so a second copy of the queue message
/// waits instead of sending alongside it.
/// </summary>
public sealed record EmailRecipient(
    MemberId MemberId,
    int Chunk,
    string? Email,
    RecipientStatus Status,
    RecipientContent? Content,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClaimedUntil = null)
{
    public bool IsClaimedAt(DateTimeOffset now) => ClaimedUntil is { } until && until > now;

    public EmailRecipient ClaimUntil(DateTimeOffset until, DateTimeOffset now) => this with { ClaimedUntil = until, UpdatedAt = now };

    public EmailRecipient Release(DateTimeOffset now) => this with { ClaimedUntil = null, UpdatedAt = now };

    /// <summary>Records the outcome; an outcome once recorded is kept.</summary>
    public EmailRecipient Finish(RecipientStatus outcome, DateTimeOffset now) =>
        Status.IsTerminal ? this : this with { Status = outcome, ClaimedUntil = null, UpdatedAt = now };
}
