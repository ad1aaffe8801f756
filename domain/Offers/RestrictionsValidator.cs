using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

internal static class RestrictionsValidator
{
    public const int MaxEntitledIds = 100;

    public static PurchaseRestrictions? Validate(RestrictionsDraft? draft, string currency, ErrorCollector errors)
    {
        if (draft is null)
        {
            return PurchaseRestrictions.None;
        }

        var before = errors.Errors.Count;
        if (draft.MinimumSubtotal is not null && draft.MinimumQuantity is not null)
        {
            errors.Add("restrictions", "Set minimumSubtotal or minimumQuantity, not both.");
        }

        if (draft.MinimumSubtotal is { } subtotal && (subtotal <= 0 || !TextRules.HasAtMostTwoDecimals(subtotal)))
        {
            errors.Add("restrictions.minimumSubtotal", "Must be greater than 0 with at most 2 decimals.");
        }

        if (draft.MinimumQuantity is < 1)
        {
            errors.Add("restrictions.minimumQuantity", "Must be at least 1.");
        }

        var collections = ShopifyGid.ValidateList(draft.EntitledCollectionIds, "Collection", "restrictions.entitledCollectionIds", MaxEntitledIds, errors);
        var products = ShopifyGid.ValidateList(draft.EntitledProductIds, "Product", "restrictions.entitledProductIds", MaxEntitledIds, errors);
        if (collections.Count > 0 && products.Count > 0)
        {
            errors.Add("restrictions", "Entitle either collections or products, not both.");
        }

        var purchaseType = PurchaseType.OneTime;
        if (draft.PurchaseType is not null && !Naming.EnumText.TryParse(draft.PurchaseType, out purchaseType))
        {
            errors.Add("restrictions.purchaseType", "Use oneTime, subscription or both.");
        }

        var combines = new CombinesWith(
            draft.CombinesWith?.OrderDiscounts ?? false,
            draft.CombinesWith?.ProductDiscounts ?? false,
            draft.CombinesWith?.ShippingDiscounts ?? false);

        return errors.Errors.Count > before
            ? null
            : new PurchaseRestrictions(
                draft.MinimumSubtotal is { } amount ? new Money(amount, currency) : null,
                draft.MinimumQuantity,
                collections,
                products,
                purchaseType,
                combines,
                draft.OncePerCustomer ?? false);
    }
}
