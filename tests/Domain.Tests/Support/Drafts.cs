using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Tests.Support;

/// <summary>Valid drafts that tests change one property of.</summary>
internal static class Drafts
{
    public static PayoutOptionDraft Cps(decimal percent = 10m, bool? isDefault = null, string label = "Standard") =>
        new() { Label = label, Type = "CPS", Percent = percent, IsDefault = isDefault };

    public static PayoutOptionDraft Cpa(decimal amount = 5m, bool? isDefault = null, string label = "Flat") =>
        new() { Label = label, Type = "CPA", FlatAmount = amount, IsDefault = isDefault };

    public static OfferDraft Offer() => new()
    {
        Name = "Summer Sale",
        Description = "Ten percent off for our summer creators.",
        PayoutOptions = [Cps()],
        GroupName = "Summer creators 2026",
        NamingStrategy = new NamingStrategyDraft { Preset = "firstNameDiscount" },
        Discount = new DiscountDraft { Type = "percentage", Value = 10m },
        Restrictions = new RestrictionsDraft(),
        UsageLimitPerCode = null,
        HoldingPeriodDays = 30,
    };
}
