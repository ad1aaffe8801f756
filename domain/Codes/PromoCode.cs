using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes;

public enum PromoCodeStatus
{
    Pending,
    Active,
    Scheduled,
    Expired,
    Deactivated,
    Failed,
}

/// <summary>A member's personal code in one offer. At most one live code per member per offer.</summary>
public sealed record PromoCode(
    OfferId OfferId,
    MemberId MemberId,
    string Code,
    PromoCodeStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    CodeBatchId BatchId,
    string? ShopifyDiscountId,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? PayoutOptionLabel = null)
{
    /// <summary>Whether the code is (or will be) redeemable; a live code blocks another code for the member.</summary>
    public bool IsLive => Status is PromoCodeStatus.Pending or PromoCodeStatus.Active or PromoCodeStatus.Scheduled;

    /// <summary>The status a created code has at <paramref name="now"/>, from its dates.</summary>
    public static PromoCodeStatus StatusByDate(DateTimeOffset startsAt, DateTimeOffset? endsAt, DateTimeOffset now) =>
        endsAt is { } end && end <= now ? PromoCodeStatus.Expired
        : startsAt > now ? PromoCodeStatus.Scheduled
        : PromoCodeStatus.Active;

    /// <summary>Moves Scheduled to Active and Active to Expired as time passes; other states are left alone.</summary>
    public PromoCode RefreshByDate(DateTimeOffset now)
    {
        if (Status is not (PromoCodeStatus.Active or PromoCodeStatus.Scheduled))
        {
            return this;
        }

        var status = StatusByDate(StartsAt, EndsAt, now);
        return status == Status ? this : this with { Status = status, UpdatedAt = now };
    }
}
