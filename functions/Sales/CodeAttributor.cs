using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>What an order earns whom: the attribution and, when a member's code won, the terms its conversion is made on.</summary>
public sealed record AttributionDecision(Attribution Attribution, PayoutOption? Payout, TimeSpan HoldingPeriod)
{
    public static AttributionDecision None { get; } = new(new Attribution(AttributionOutcome.NoMemberCode, null), null, TimeSpan.Zero);
}

/// <summary>
/// Matches an order's redeemed codes against the brand's code index (keyed by the upper-cased code, so ignoring
/// case), loads the members and codes that matched, and decides by the configured precedence.
/// </summary>
public sealed class CodeAttributor(CodeIndexStore index, PromoCodeStore codes, MemberStore members, OfferStore offers, IOptions<SalesOptions> options)
{
    public async Task<AttributionDecision> DecideAsync(BrandId brand, ShopOrder order, CancellationToken cancellationToken)
    {
        var candidates = order.RedeemedCodes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToArray();
        var found = await Task.WhenAll(candidates.Select(async code => (code, owner: await index.GetAsync(brand, code, cancellationToken))));
        var known = new Dictionary<string, MemberCode>(StringComparer.Ordinal);
        foreach (var (code, owner) in found)
        {
            if (owner is null || owner.External)
            {
                continue;
            }

            var member = await members.GetAsync(brand, owner.MemberId, cancellationToken);
            var promoCode = await codes.GetAsync(brand, owner.OfferId, owner.MemberId, cancellationToken);
            if (member is null || promoCode is null || !string.Equals(promoCode.Value.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                continue; // A reservation that never became the member's code (failed, renamed since).
            }

            known[code] = new MemberCode(promoCode.Value.Code, owner.OfferId, owner.MemberId, member.Profile.Email ?? string.Empty, promoCode.Value.PayoutOptionLabel);
        }

        var attribution = Attribution.Of(order, c => known.GetValueOrDefault(c), options.Value.AttributionPrecedence);
        if (attribution.Code is not { } winner)
        {
            return AttributionDecision.None;
        }

        var offer = await offers.GetAsync(brand, winner.OfferId, cancellationToken);
        if (offer is null)
        {
            return AttributionDecision.None;
        }

        var definition = offer.Value.Definition;
        var payout = definition.PayoutOptions.FirstOrDefault(p => p.Label == winner.PayoutOptionLabel) ?? definition.DefaultPayoutOption;
        return new AttributionDecision(attribution, payout, TimeSpan.FromDays(definition.HoldingPeriodDays));
    }
}
