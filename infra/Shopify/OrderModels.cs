using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Shopify;

/// <summary>
/// An order as read for reconciliation. <see cref="RedeemedCodes"/> are the codes of its <c>discount_code</c> applications
/// (manual and automatic discounts excluded), in the order Shopify lists them.
/// </summary>
public sealed record ShopifyOrder(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CancelledAt,
    bool Test,
    IReadOnlyList<string> RedeemedCodes,
    Money Subtotal,
    Money Total,
    Money Refunded);

public sealed record OrdersPage(IReadOnlyList<ShopifyOrder> Orders, string? NextCursor);
