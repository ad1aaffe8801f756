namespace PromoServerless.Infra.Shopify;

/// <summary>What a new code discount gives and to whom; <see cref="Code"/> is its first redeem code.</summary>
public sealed record DiscountCodeSpec(
    string Title,
    string Code,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DiscountValue Value,
    DiscountItems Items,
    MinimumRequirement? Minimum = null,
    PurchaseType PurchaseType = PurchaseType.OneTime,
    DiscountCombinations? CombinesWith = null,
    bool AppliesOncePerCustomer = false,
    int? UsageLimit = null);

public abstract record DiscountValue;

/// <summary>A percentage off, written as people say it: 10 means 10 %. Shopify receives it as the fraction 0.1.</summary>
public sealed record PercentageOff(decimal Percent) : DiscountValue;

/// <summary>A fixed amount off in the shop's currency, once per order or on each entitled item.</summary>
public sealed record FixedAmountOff(decimal Amount, bool AppliesOnEachItem = false) : DiscountValue;

public abstract record MinimumRequirement;

public sealed record MinimumSubtotal(decimal Amount) : MinimumRequirement;

public sealed record MinimumQuantity(int Quantity) : MinimumRequirement;

public abstract record DiscountItems
{
    public static DiscountItems All { get; } = new AllItems();
}

public sealed record AllItems : DiscountItems;

/// <summary>Entitled collections by GID, e.g. <c>gid://shopify/Collection/1</c>.</summary>
public sealed record CollectionItems(IReadOnlyList<string> CollectionIds) : DiscountItems;

/// <summary>Entitled products and/or variants by GID.</summary>
public sealed record ProductItems(IReadOnlyList<string> ProductIds, IReadOnlyList<string>? VariantIds = null) : DiscountItems;

public enum PurchaseType
{
    OneTime,
    Subscription,
    Both,
}

public sealed record DiscountCombinations(bool OrderDiscounts = false, bool ProductDiscounts = false, bool ShippingDiscounts = false);

public enum DiscountStatus
{
    Active,
    Scheduled,
    Expired,
}

/// <summary>A code discount as Shopify reports it. Fields other than <see cref="Id"/> are null for non-basic discount types.</summary>
public sealed record CodeDiscount(
    string Id,
    string TypeName,
    string? Title,
    DiscountStatus? Status,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int? UsageLimit,
    bool? AppliesOncePerCustomer);

/// <summary>An input problem Shopify reported in <c>userErrors</c>, e.g. code <c>TAKEN</c> for a code already used in the store.</summary>
public sealed record ShopifyUserError(string? Code, IReadOnlyList<string> Field, string Message)
{
    public bool IsTaken => string.Equals(Code, "TAKEN", StringComparison.Ordinal);
}

public static class ShopifyUserErrors
{
    /// <summary>Shopify's messages, for people; decisions use the error codes.</summary>
    public static string Describe(this IReadOnlyList<ShopifyUserError> errors) =>
        errors.Count == 0 ? "no reason given" : string.Join("; ", errors.Select(e => e.Message));
}

/// <summary>
/// The outcome of a mutation: the value when Shopify accepted it, else its user errors.
/// <see cref="ConfirmedByRead"/> is true when the answer was lost (timeout, dropped connection, 5xx) and the outcome was learnt by reading.
/// </summary>
public sealed record ShopifyResult<T>(T? Value, IReadOnlyList<ShopifyUserError> UserErrors, bool ConfirmedByRead = false)
    where T : class
{
    public bool Succeeded => Value is not null && UserErrors.Count == 0;

    public static ShopifyResult<T> Ok(T value, bool confirmedByRead = false) => new(value, [], confirmedByRead);

    public static ShopifyResult<T> Failed(IReadOnlyList<ShopifyUserError> errors) => new(null, errors);
}

/// <summary>The state of a <c>discountRedeemCodeBulkAdd</c> job.</summary>
public sealed record BulkCodeCreation(string Id, bool Done, int CodesCount, int ImportedCount, int FailedCount);

/// <summary>How Shopify refused one code, read once from its error codes (never from its messages).</summary>
public enum CodeRefusal
{
    /// <summary>Shopify says the code is used in the store (<c>TAKEN</c>).</summary>
    Taken,

    /// <summary>Shopify named another problem with the code (too long, invalid, blank, ...).</summary>
    Invalid,

    /// <summary>Shopify gave no error code: only looking the code up tells whether it is taken.</summary>
    Unclassified,
}

/// <summary>One submitted code and whether Shopify imported it; <see cref="Refusal"/> says how it was refused.</summary>
public sealed record CodeImportOutcome(string Code, bool Imported, IReadOnlyList<ShopifyUserError> Errors)
{
    public CodeRefusal? Refusal => Imported ? null
        : Errors.Any(e => e.IsTaken) ? CodeRefusal.Taken
        : Errors.Any(e => e.Code is not null) ? CodeRefusal.Invalid
        : CodeRefusal.Unclassified;
}

/// <summary>Per-code results of adding codes to a discount. <see cref="UserErrors"/> are errors of the whole call (nothing was added).</summary>
public sealed record BulkAddCodesResult(
    string? BulkCreationId,
    IReadOnlyList<CodeImportOutcome> Codes,
    IReadOnlyList<ShopifyUserError> UserErrors,
    bool ConfirmedByRead = false)
{
    public int ImportedCount => Codes.Count(c => c.Imported);

    public int FailedCount => Codes.Count(c => !c.Imported);
}

/// <summary>A redeem code of a discount with its GID (needed to delete it).</summary>
public sealed record RedeemCode(string Id, string Code);

/// <summary>An asynchronous Shopify job, e.g. deleting redeem codes.</summary>
public sealed record ShopifyJob(string Id, bool Done);
