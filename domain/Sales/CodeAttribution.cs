using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Sales;

/// <summary>Which member is paid when several of the brand's codes are on one order: one member per order, never two.</summary>
public enum AttributionPrecedence
{
    /// <summary>The first of the brand's codes the buyer applied (the default).</summary>
    FirstApplied,

    /// <summary>The last of the brand's codes the buyer applied.</summary>
    LastApplied,
}

/// <summary>A member's live code in an offer, as the brand's code index knows it.</summary>
public sealed record MemberCode(string Code, OfferId OfferId, MemberId MemberId, string MemberEmail, string? PayoutOptionLabel);

public enum AttributionOutcome
{
    /// <summary>One of the brand's codes is on the order: it earns its member a conversion.</summary>
    Attributed,

    /// <summary>None of the order's codes is the brand's.</summary>
    NoMemberCode,

    /// <summary>The buyer is the member whose code it is.</summary>
    SelfReferral,
}

public sealed record Attribution(AttributionOutcome Outcome, MemberCode? Code)
{
    /// <summary>
    /// Matches the order's redeemed codes, ignoring case, against the brand's member codes and picks one by
    /// <paramref name="precedence"/>. A buyer using their own code is refused, by normalised email address.
    /// </summary>
    public static Attribution Of(ShopOrder order, Func<string, MemberCode?> findCode, AttributionPrecedence precedence = AttributionPrecedence.FirstApplied)
    {
        var ordered = precedence == AttributionPrecedence.FirstApplied ? order.RedeemedCodes : order.RedeemedCodes.Reverse();
        var match = ordered.Select(code => findCode(code.Trim().ToUpperInvariant())).FirstOrDefault(c => c is not null);
        if (match is null)
        {
            return new Attribution(AttributionOutcome.NoMemberCode, null);
        }

        return SameAddress(order.CustomerEmail, match.MemberEmail)
            ? new Attribution(AttributionOutcome.SelfReferral, match)
            : new Attribution(AttributionOutcome.Attributed, match);
    }

    private static bool SameAddress(string? buyer, string member) =>
        buyer is not null && string.Equals(buyer.Trim(), member.Trim(), StringComparison.OrdinalIgnoreCase);
}
