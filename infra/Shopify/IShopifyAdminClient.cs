namespace PromoServerless.Infra.Shopify;

/// <summary>
/// Reads what a mutation would have done, to learn whether it took effect after its answer was lost.
/// Returns the resulting value when it did, null when it did not.
/// </summary>
public delegate Task<T?> MutationOutcomeCheck<T>(CancellationToken cancellationToken)
    where T : class;

/// <summary>
/// Typed operations on a shop's Admin GraphQL API (version pinned by <see cref="ShopifyOptions.ApiVersion"/>).
/// Expected refusals (<c>userErrors</c>) are results; top-level errors and exhausted retries throw <see cref="ShopifyGraphQLException"/>.
/// </summary>
public interface IShopifyAdminClient
{
    /// <summary>
    /// Creates a basic code discount whose first code is <see cref="DiscountCodeSpec.Code"/>.
    /// If the answer is lost, <paramref name="outcomeCheck"/> (by default: look the first code up and compare the title) decides whether it exists.
    /// </summary>
    Task<ShopifyResult<CodeDiscount>> CreateDiscountAsync(
        ShopifyShop shop, DiscountCodeSpec spec, MutationOutcomeCheck<CodeDiscount>? outcomeCheck = null, CancellationToken cancellationToken = default);

    /// <summary>Sets a discount's start and end (null end = no end).</summary>
    Task<ShopifyResult<CodeDiscount>> UpdateDiscountDatesAsync(
        ShopifyShop shop, string discountId, DateTimeOffset startsAt, DateTimeOffset? endsAt, CancellationToken cancellationToken = default);

    Task<ShopifyResult<CodeDiscount>> ActivateDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default);

    Task<ShopifyResult<CodeDiscount>> DeactivateDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default);

    /// <summary>The code discount that owns <paramref name="code"/> (case-insensitive), or null. Codes still waiting in a bulk job are not found.</summary>
    Task<CodeDiscount?> FindDiscountByCodeAsync(ShopifyShop shop, string code, CancellationToken cancellationToken = default);

    Task<CodeDiscount?> GetDiscountAsync(ShopifyShop shop, string discountId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds up to 250 codes to a discount and waits for Shopify's bulk job, returning each code's outcome.
    /// More than 250 codes throws <see cref="ArgumentOutOfRangeException"/> before anything is sent.
    /// If the call's answer is lost, the codes are looked up one by one; only codes still missing are sent again.
    /// </summary>
    Task<BulkAddCodesResult> AddCodesAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a bulk add without waiting; pair with <see cref="WaitForBulkCreationAsync"/> or poll <see cref="GetBulkCreationOutcomeAsync"/>.
    /// A lost answer throws <see cref="ShopifyOutcomeUnknownException"/>: the job may exist, and only reading the codes tells.
    /// </summary>
    Task<ShopifyResult<BulkCodeCreation>> StartBulkAddCodesAsync(ShopifyShop shop, string discountId, IReadOnlyList<string> codes, CancellationToken cancellationToken = default);

    Task<BulkCodeCreation?> GetBulkCreationAsync(ShopifyShop shop, string bulkCreationId, CancellationToken cancellationToken = default);

    /// <summary>Polls a bulk job until done and returns each submitted code's outcome (per-code errors are read only when some failed).</summary>
    Task<BulkAddCodesResult> WaitForBulkCreationAsync(
        ShopifyShop shop, string bulkCreationId, IReadOnlyList<string> submittedCodes, CancellationToken cancellationToken = default);

    /// <summary>
    /// One look at a bulk job: null while it runs, else each submitted code's outcome (per-code errors are read only when some failed).
    /// An unknown job id throws <see cref="ShopifyGraphQLException"/>.
    /// </summary>
    Task<BulkAddCodesResult?> GetBulkCreationOutcomeAsync(
        ShopifyShop shop, string bulkCreationId, IReadOnlyList<string> submittedCodes, CancellationToken cancellationToken = default);

    /// <summary>The redeem code <paramref name="code"/> of a discount with its GID, or null.</summary>
    Task<RedeemCode?> FindRedeemCodeAsync(ShopifyShop shop, string discountId, string code, CancellationToken cancellationToken = default);

    /// <summary>Deletes redeem codes (by GID) from a discount; Shopify does it as a job.</summary>
    Task<ShopifyResult<ShopifyJob>> DeleteRedeemCodesAsync(
        ShopifyShop shop, string discountId, IReadOnlyList<string> redeemCodeIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renames a code of a discount: the new code is added first (so a taken name leaves the old code in place), then the old one deleted.
    /// Shopify has no mutation that renames one redeem code of a multi-code discount.
    /// </summary>
    Task<ShopifyResult<RedeemCode>> RenameCodeAsync(
        ShopifyShop shop, string discountId, string oldCode, string newCode, CancellationToken cancellationToken = default);

    /// <summary>One page of orders updated at or after <paramref name="since"/> (oldest update first), with the codes each redeemed.</summary>
    Task<OrdersPage> GetOrdersUpdatedSinceAsync(
        ShopifyShop shop, DateTimeOffset since, string? after = null, int pageSize = 25, CancellationToken cancellationToken = default);

    /// <summary>Every order updated since <paramref name="since"/> that redeemed at least one code, across pages.</summary>
    IAsyncEnumerable<ShopifyOrder> ReadOrdersWithCodesUpdatedSinceAsync(ShopifyShop shop, DateTimeOffset since, CancellationToken cancellationToken = default);
}
