using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

internal static class DiscountValidator
{
    public static Discount? Validate(DiscountDraft? draft, string currency, ErrorCollector errors)
    {
        if (draft is null)
        {
            errors.Add("discount", "Required: a percentage or fixedAmount discount.");
            return null;
        }

        var before = errors.Errors.Count;
        DiscountType? type = null;
        if (draft.Type is null)
        {
            errors.Add("discount.type", "Required: percentage or fixedAmount.");
        }
        else if (Naming.EnumText.TryParse<DiscountType>(draft.Type, out var parsed))
        {
            type = parsed;
        }
        else
        {
            errors.Add("discount.type", "Use percentage or fixedAmount.");
        }

        if (draft.Value is not { } value)
        {
            errors.Add("discount.value", "Required.");
        }
        else if (type == DiscountType.Percentage && (value is < 1 or > 100 || !TextRules.HasAtMostTwoDecimals(value)))
        {
            errors.Add("discount.value", "A percentage must be from 1 to 100 with at most 2 decimals.");
        }
        else if (type == DiscountType.FixedAmount && (value <= 0 || !TextRules.HasAtMostTwoDecimals(value)))
        {
            errors.Add("discount.value", "An amount must be greater than 0 with at most 2 decimals.");
        }

        if (type == DiscountType.Percentage && draft.AppliesOnEachItem == true)
        {
            errors.Add("discount.appliesOnEachItem", "Only a fixedAmount discount can apply on each item.");
        }

        return errors.Errors.Count > before
            ? null
            : new Discount(type!.Value, draft.Value!.Value, currency, type == DiscountType.FixedAmount && draft.AppliesOnEachItem == true);
    }
}
