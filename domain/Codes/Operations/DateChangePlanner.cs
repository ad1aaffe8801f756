using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes.Operations;

/// <summary>
/// Chosen members whose codes share one Shopify discount. <see cref="InPlace"/>: they are all the discount's
/// codes, so the discount's own dates change; otherwise they move to a new discount with the new dates.
/// </summary>
public sealed record DiscountGroup(string DiscountId, IReadOnlyList<MemberId> Members, bool InPlace);

/// <summary>
/// Decides how a date change reaches Shopify, where dates belong to a discount, not to a code.
/// A discount's codes are its members' rows that are in Shopify or deactivated (a deactivated code goes back
/// to its discount when reactivated, so it must keep that discount's dates): only when every one of them is
/// chosen may the discount itself be re-dated.
/// </summary>
public static class DateChangePlanner
{
    public static IReadOnlyList<DiscountGroup> Plan(IReadOnlyList<PromoCode> chosen, IEnumerable<PromoCode> offerCodes)
    {
        var chosenMembers = chosen.Select(c => c.MemberId).ToHashSet();
        var others = offerCodes
            .Where(c => !chosenMembers.Contains(c.MemberId) && c.ShopifyDiscountId is not null && HoldsPlace(c))
            .Select(c => c.ShopifyDiscountId!)
            .ToHashSet(StringComparer.Ordinal);
        return chosen
            .Where(c => c.ShopifyDiscountId is not null)
            .GroupBy(c => c.ShopifyDiscountId!, StringComparer.Ordinal)
            .Select(g => new DiscountGroup(g.Key, g.Select(c => c.MemberId).ToArray(), !others.Contains(g.Key)))
            .ToArray();
    }

    private static bool HoldsPlace(PromoCode code) => CodeOperationRules.IsInShopify(code) || code.Status == PromoCodeStatus.Deactivated;
}
