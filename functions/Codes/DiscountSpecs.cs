using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Shopify;
using DomainPurchaseType = PromoServerless.Domain.Offers.PurchaseType;
using ShopifyPurchaseType = PromoServerless.Infra.Shopify.PurchaseType;

namespace PromoServerless.Functions.Codes;

/// <summary>Translates an offer and a generation's dates into the Shopify discount its codes live on.</summary>
public static class DiscountSpecs
{
    public static DiscountCodeSpec For(OfferDefinition offer, CodeBatch batch, string firstCode) => new(
        offer.GroupName,
        firstCode,
        batch.StartsAt,
        batch.EndsAt,
        offer.Discount.Type == DiscountType.Percentage
            ? new PercentageOff(offer.Discount.Value)
            : new FixedAmountOff(offer.Discount.Value, offer.Discount.AppliesOnEachItem),
        Items(offer.Restrictions),
        Minimum(offer.Restrictions),
        offer.Restrictions.PurchaseType switch
        {
            DomainPurchaseType.Subscription => ShopifyPurchaseType.Subscription,
            DomainPurchaseType.Both => ShopifyPurchaseType.Both,
            _ => ShopifyPurchaseType.OneTime,
        },
        new DiscountCombinations(offer.Restrictions.CombinesWith.OrderDiscounts, offer.Restrictions.CombinesWith.ProductDiscounts, offer.Restrictions.CombinesWith.ShippingDiscounts),
        offer.Restrictions.OncePerCustomer,
        offer.UsageLimitPerCode);

    private static DiscountItems Items(PurchaseRestrictions restrictions) =>
        restrictions.EntitledCollectionIds.Count > 0 ? new CollectionItems(restrictions.EntitledCollectionIds)
        : restrictions.EntitledProductIds.Count > 0 ? new ProductItems(restrictions.EntitledProductIds)
        : DiscountItems.All;

    private static MinimumRequirement? Minimum(PurchaseRestrictions restrictions) =>
        restrictions.MinimumSubtotal is { } subtotal ? new MinimumSubtotal(subtotal.Amount)
        : restrictions.MinimumQuantity is { } quantity ? new MinimumQuantity(quantity)
        : null;
}
