using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>What an order earns whom: the attribution and, when a member's code won, the terms its conversion is made on.</summary>
public sealed record AttributionDecision(Attribution Attribution, PayoutOption? Payout, TimeSpan HoldingPeriod, CommissionBaseRules BaseRules)
{
    public static AttributionDecision None { get; } = new(new Attribution(AttributionOutcome.NoMemberCode, null), null, TimeSpan.Zero, CommissionBaseRules.Default);
}

/// <summary>
/// Matches an order's redeemed codes against the brand's code index (keyed by the upper-cased code, so ignoring
/// case), loads the members and codes that matched, and decides by the configured precedence.
/// </summary>
public sealed class CodeAttributor(CodeIndexStore index, PromoCodeStore codes, MemberStore members, OfferStore offers, IMemoryCache cache, IOptions<SalesOptions> options)
{
    // Codes, members and offers change rarely against the rate orders arrive at; a minute's staleness only delays
    // a changed payout option or a new email for self-referral by that long.
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<AttributionDecision> DecideAsync(BrandId brand, ShopOrder order, CancellationToken cancellationToken)
    {
        var candidates = order.RedeemedCodes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToArray();
        var found = await Task.WhenAll(candidates.Select(async code => (code, member: await FindCodeAsync(brand, code, cancellationToken))));
        var known = found.Where(f => f.member is not null).ToDictionary(f => f.code, f => f.member!, StringComparer.Ordinal);

        var attribution = Attribution.Of(order, c => known.GetValueOrDefault(c), options.Value.AttributionPrecedence);
        if (attribution.Code is not { } winner)
        {
            return AttributionDecision.None;
        }

        var definition = await cache.GetOrCreateAsync(
            ("sales-offer", brand, winner.OfferId),
            async entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = CacheFor;
                return (await offers.GetAsync(brand, winner.OfferId, cancellationToken))?.Value.Definition;
            });
        if (definition is null)
        {
            return AttributionDecision.None;
        }

        var payout = definition.PayoutOptions.FirstOrDefault(p => p.Label == winner.PayoutOptionLabel) ?? definition.DefaultPayoutOption;
        return new AttributionDecision(attribution, payout, TimeSpan.FromDays(definition.HoldingPeriodDays), definition.CommissionBase);
    }

    /// <summary>The member code a redeemed code is, or null: unknown here, Shopify-external, or a reservation that never became the member's code.</summary>
    private Task<MemberCode?> FindCodeAsync(BrandId brand, string code, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(("sales-code", brand, code), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var owner = await index.GetAsync(brand, code, cancellationToken);
            if (owner is null || owner.External)
            {
                return null;
            }

            var member = members.GetAsync(brand, owner.MemberId, cancellationToken);
            var promoCode = codes.GetAsync(brand, owner.OfferId, owner.MemberId, cancellationToken);
            if (await member is not { } m || await promoCode is not { } p || !string.Equals(p.Value.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return new MemberCode(p.Value.Code, owner.OfferId, owner.MemberId, m.Profile.Email ?? string.Empty, p.Value.PayoutOptionLabel);
        });
}
