using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

public enum OfferStatus
{
    Active,
    Paused,
    Expired,
    Archived,
}

public enum OfferChangeOutcome
{
    /// <summary>The offer changed; store <see cref="OfferChange.Offer"/>.</summary>
    Changed,

    /// <summary>Already in the requested state; nothing to store.</summary>
    Unchanged,

    /// <summary>Not allowed from the current state; see <see cref="OfferChange.Reason"/>.</summary>
    Refused,
}

/// <summary>The result of asking an offer to change: the offer after the request and, when refused, why.</summary>
public sealed record OfferChange(OfferChangeOutcome Outcome, Offer Offer, string? Reason = null)
{
    public bool IsRefused => Outcome == OfferChangeOutcome.Refused;
}

/// <summary>
/// A brand's promo code offer. Immutable: every change returns a new instance inside an <see cref="OfferChange"/>.
/// Active ⇄ Paused; Active/Paused → Expired; Expired → Active (resume); any → Archived, which is final.
/// </summary>
public sealed record Offer
{
    private Offer(OfferId id, BrandId brandId, OfferDefinition definition, OfferStatus status, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        Id = id;
        BrandId = brandId;
        Definition = definition;
        Status = status;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    public OfferId Id { get; }

    public BrandId BrandId { get; }

    public OfferDefinition Definition { get; private init; }

    public OfferStatus Status { get; private init; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private init; }

    /// <summary>Only an active offer takes new members' codes.</summary>
    public bool AcceptsNewCodes => Status == OfferStatus.Active;

    public static Offer Create(OfferId id, BrandId brandId, OfferDefinition definition, DateTimeOffset now) =>
        new(id, brandId, definition, OfferStatus.Active, now, now);

    /// <summary>Rebuilds an offer read from storage; no rules are applied.</summary>
    public static Offer Restore(OfferId id, BrandId brandId, OfferDefinition definition, OfferStatus status, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(id, brandId, definition, status, createdAt, updatedAt);

    public OfferChange Pause(DateTimeOffset now) => Status switch
    {
        OfferStatus.Active => MoveTo(OfferStatus.Paused, now),
        OfferStatus.Paused => Unchanged(),
        OfferStatus.Expired => Refuse("An expired offer cannot be paused."),
        _ => Refuse("An archived offer cannot be paused; archiving is final."),
    };

    public OfferChange Resume(DateTimeOffset now) => Status switch
    {
        OfferStatus.Active => Unchanged(),
        OfferStatus.Paused or OfferStatus.Expired => MoveTo(OfferStatus.Active, now),
        _ => Refuse("An archived offer cannot be resumed; archiving is final. Create a new offer instead."),
    };

    /// <summary>Called by the scheduler when the offer's run is over.</summary>
    public OfferChange Expire(DateTimeOffset now) => Status switch
    {
        OfferStatus.Active or OfferStatus.Paused => MoveTo(OfferStatus.Expired, now),
        OfferStatus.Expired => Unchanged(),
        _ => Refuse("An archived offer cannot expire; archiving is final."),
    };

    public OfferChange Archive(DateTimeOffset now) =>
        Status == OfferStatus.Archived ? Unchanged() : MoveTo(OfferStatus.Archived, now);

    /// <summary>Replaces the whole definition (PUT semantics); the status stays as it is.</summary>
    public OfferChange Update(OfferDefinition definition, DateTimeOffset now) =>
        Status == OfferStatus.Archived
            ? Refuse("An archived offer cannot be changed.")
            : new OfferChange(OfferChangeOutcome.Changed, this with { Definition = definition, UpdatedAt = now });

    private OfferChange MoveTo(OfferStatus status, DateTimeOffset now) =>
        new(OfferChangeOutcome.Changed, this with { Status = status, UpdatedAt = now });

    private OfferChange Unchanged() => new(OfferChangeOutcome.Unchanged, this);

    private OfferChange Refuse(string reason) => new(OfferChangeOutcome.Refused, this, reason);
}
