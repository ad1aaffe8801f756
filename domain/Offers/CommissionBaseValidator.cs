using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Domain.Offers;

internal static class CommissionBaseValidator
{
    /// <summary>As many ids as one Shopify query takes.</summary>
    public const int MaxExcludedIds = 250;

    public static CommissionBaseRules Validate(CommissionBaseDraft? draft, ErrorCollector errors)
    {
        if (draft is null)
        {
            return CommissionBaseRules.Default;
        }

        var products = ShopifyGid.ValidateList(draft.ExcludedProductIds, "Product", "commissionBase.excludedProductIds", MaxExcludedIds, errors, acceptNumeric: true);
        var collections = ShopifyGid.ValidateList(draft.ExcludedCollectionIds, "Collection", "commissionBase.excludedCollectionIds", MaxExcludedIds, errors, acceptNumeric: true);
        return new CommissionBaseRules(draft.IncludeShipping ?? false, draft.IncludeTaxes ?? false, products, collections);
    }
}
