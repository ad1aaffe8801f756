using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;

namespace PromoServerless.Infra.Tables;

// The offer as stored. Kept apart from the domain types so the stored shape only changes on purpose,
// and so the naming pattern is kept as its text and parsed again on read.

public sealed record OfferRecord(
    string Id,
    string BrandId,
    OfferStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    OfferDefinitionRecord Definition)
{
    public static OfferRecord From(Offer offer) => new(
        offer.Id.Value,
        offer.BrandId.Value,
        offer.Status,
        offer.CreatedAt,
        offer.UpdatedAt,
        OfferDefinitionRecord.From(offer.Definition));

    public Offer ToOffer() =>
        Offer.Restore(new OfferId(Id), new BrandId(BrandId), Definition.ToDefinition(), Status, CreatedAt, UpdatedAt);
}

public sealed record OfferDefinitionRecord(
    string Name,
    string? Description,
    IReadOnlyList<PayoutOptionRecord> PayoutOptions,
    string GroupName,
    NamingStrategyRecord NamingStrategy,
    DiscountRecord Discount,
    RestrictionsRecord Restrictions,
    int? UsageLimitPerCode,
    int HoldingPeriodDays,
    IReadOnlyList<StageTriggerRecord>? StageTriggers = null,
    MemberNotifications? Notifications = null,
    CommissionBaseRecord? CommissionBase = null)
{
    public static OfferDefinitionRecord From(OfferDefinition d) => new(
        d.Name,
        d.Description,
        d.PayoutOptions.Select(PayoutOptionRecord.From).ToArray(),
        d.GroupName,
        NamingStrategyRecord.From(d.NamingStrategy),
        DiscountRecord.From(d.Discount),
        RestrictionsRecord.From(d.Restrictions),
        d.UsageLimitPerCode,
        d.HoldingPeriodDays,
        d.StageTriggers.Select(StageTriggerRecord.From).ToArray(),
        d.Notifications,
        CommissionBaseRecord.From(d.CommissionBase));

    public OfferDefinition ToDefinition() => new(
        Name,
        Description,
        PayoutOptions.Select(p => p.ToOption()).ToArray(),
        GroupName,
        NamingStrategy.ToStrategy(),
        Discount.ToDiscount(),
        Restrictions.ToRestrictions(),
        UsageLimitPerCode,
        HoldingPeriodDays)
    {
        StageTriggers = StageTriggers?.Select(t => t.ToTrigger()).ToArray() ?? [],
        Notifications = Notifications ?? MemberNotifications.None,
        CommissionBase = CommissionBase?.ToRules() ?? CommissionBaseRules.Default,
    };
}

/// <summary>An offer's commission base rules; offers stored before there were any read as the default.</summary>
public sealed record CommissionBaseRecord(bool IncludeShipping, bool IncludeTaxes, IReadOnlyList<string>? ExcludedProductIds, IReadOnlyList<string>? ExcludedCollectionIds)
{
    public static CommissionBaseRecord From(CommissionBaseRules r) =>
        new(r.IncludeShipping, r.IncludeTaxes, r.ExcludedProductIds?.ToArray() ?? [], r.ExcludedCollectionIds?.ToArray() ?? []);

    public CommissionBaseRules ToRules() => new(IncludeShipping, IncludeTaxes, ExcludedProductIds ?? [], ExcludedCollectionIds ?? []);
}

public sealed record StageTriggerRecord(string ProjectId, WorkflowStage Stage, string PayoutOptionLabel, int? EndAfterDays, DateTimeOffset? EndsAt, bool SendEmail)
{
    public static StageTriggerRecord From(StageTrigger t) => new(t.ProjectId.Value, t.Stage, t.PayoutOptionLabel, t.EndAfterDays, t.EndsAt, t.SendEmail);

    public StageTrigger ToTrigger() => new(new ProjectId(ProjectId), Stage, PayoutOptionLabel, EndAfterDays, EndsAt, SendEmail);
}

public sealed record PayoutOptionRecord(string Label, PayoutType Type, decimal? FlatAmount, string? Currency, decimal? Percent, bool IsDefault)
{
    public static PayoutOptionRecord From(PayoutOption o) =>
        new(o.Label, o.Type, o.FlatAmount?.Amount, o.FlatAmount?.Currency, o.Percent, o.IsDefault);

    public PayoutOption ToOption() =>
        new(Label, Type, FlatAmount is { } amount ? new Money(amount, Currency!) : null, Percent, IsDefault);
}

public sealed record NamingStrategyRecord(string Pattern, string? Preset, CollisionPolicy CollisionPolicy, int MaxAttempts, int MaxLength)
{
    public static NamingStrategyRecord From(NamingStrategy s) => new(s.Pattern.Text, s.Preset, s.CollisionPolicy, s.MaxAttempts, s.MaxLength);

    public NamingStrategy ToStrategy()
    {
        var parsed = CodePattern.Parse(Pattern);
        var pattern = parsed.Pattern ?? throw new InvalidOperationException($"A stored naming pattern no longer parses: {Pattern}.");
        return new NamingStrategy(pattern, Preset, CollisionPolicy, MaxAttempts, MaxLength);
    }
}

public sealed record DiscountRecord(DiscountType Type, decimal Value, string Currency, bool AppliesOnEachItem)
{
    public static DiscountRecord From(Discount d) => new(d.Type, d.Value, d.Currency, d.AppliesOnEachItem);

    public Discount ToDiscount() => new(Type, Value, Currency, AppliesOnEachItem);
}

public sealed record RestrictionsRecord(
    decimal? MinimumSubtotal,
    string? Currency,
    int? MinimumQuantity,
    IReadOnlyList<string> EntitledCollectionIds,
    IReadOnlyList<string> EntitledProductIds,
    PurchaseType PurchaseType,
    bool CombinesWithOrderDiscounts,
    bool CombinesWithProductDiscounts,
    bool CombinesWithShippingDiscounts,
    bool OncePerCustomer)
{
    public static RestrictionsRecord From(PurchaseRestrictions r) => new(
        r.MinimumSubtotal?.Amount,
        r.MinimumSubtotal?.Currency,
        r.MinimumQuantity,
        r.EntitledCollectionIds,
        r.EntitledProductIds,
        r.PurchaseType,
        r.CombinesWith.OrderDiscounts,
        r.CombinesWith.ProductDiscounts,
        r.CombinesWith.ShippingDiscounts,
        r.OncePerCustomer);

    public PurchaseRestrictions ToRestrictions() => new(
        MinimumSubtotal is { } amount ? new Money(amount, Currency!) : null,
        MinimumQuantity,
        EntitledCollectionIds ?? [],
        EntitledProductIds ?? [],
        PurchaseType,
        new CombinesWith(CombinesWithOrderDiscounts, CombinesWithProductDiscounts, CombinesWithShippingDiscounts),
        OncePerCustomer);
}
