using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Offers;

/// <summary>Turns an <see cref="OfferDraft"/> into an <see cref="OfferDefinition"/>, reporting every problem with its JSON path.</summary>
public static class OfferValidator
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxGroupNameLength = 255;
    public const int MaxUsageLimit = 1_000_000;
    public const int MaxHoldingPeriodDays = 365;
    public const int DefaultHoldingPeriodDays = 30;

    /// <param name="draft">What the client sent.</param>
    /// <param name="shopCurrency">The shop's ISO 4217 currency; money amounts are in it.</param>
    /// <param name="now">When given, dates that must lie ahead (a stage trigger's end) are checked against it.</param>
    public static Validated<OfferDefinition> Validate(OfferDraft? draft, string shopCurrency, DateTimeOffset? now = null)
    {
        if (shopCurrency is not { Length: 3 } || !shopCurrency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("The shop currency must be an upper-case ISO 4217 code.", nameof(shopCurrency));
        }

        if (draft is null)
        {
            return Validated<OfferDefinition>.Fail("", "Send the offer as a JSON object.");
        }

        var errors = new ErrorCollector();
        var name = TextRules.Required(errors, "name", draft.Name, MaxNameLength);
        var description = TextRules.Optional(errors, "description", draft.Description, MaxDescriptionLength, allowLineBreaks: true);
        var groupName = TextRules.Required(errors, "groupName", draft.GroupName, MaxGroupNameLength);
        var payoutOptions = PayoutOptionsValidator.Validate(draft.PayoutOptions, shopCurrency, errors);

        var strategy = NamingStrategyValidator.Validate(draft.NamingStrategy);
        errors.AddNested("namingStrategy", strategy.Errors);

        var discount = DiscountValidator.Validate(draft.Discount, shopCurrency, errors);
        var restrictions = RestrictionsValidator.Validate(draft.Restrictions, shopCurrency, errors);

        if (draft.UsageLimitPerCode is < 1 or > MaxUsageLimit)
        {
            errors.Add("usageLimitPerCode", $"Must be from 1 to {MaxUsageLimit:N0}, or null for unlimited.");
        }

        var holdingPeriodDays = draft.HoldingPeriodDays ?? DefaultHoldingPeriodDays;
        if (holdingPeriodDays is < 0 or > MaxHoldingPeriodDays)
        {
            errors.Add("holdingPeriodDays", $"Must be from 0 to {MaxHoldingPeriodDays} days.");
        }

        var commissionBase = CommissionBaseValidator.Validate(draft.CommissionBase, errors);
        var stageTriggers = StageTriggersValidator.Validate(draft.StageTriggers, payoutOptions, now, errors);

        if (strategy.IsValid && discount is not null && strategy.Value.CheckFits(discount.CodeToken) is { } tooLong)
        {
            errors.Add("namingStrategy.maxLength", tooLong);
        }

        return errors.ToResult(() => new OfferDefinition(
            name!,
            description,
            payoutOptions!,
            groupName!,
            strategy.Value,
            discount!,
            restrictions!,
            draft.UsageLimitPerCode,
            holdingPeriodDays)
        {
            StageTriggers = stageTriggers,
            Notifications = MemberNotifications.From(draft.Notifications),
            CommissionBase = commissionBase,
        });
    }
}
