namespace PromoServerless.Functions.Sales;

/// <summary>The webhook topics sales tracking acts on; any other topic is acknowledged and ignored.</summary>
public static class ShopifyTopics
{
    public const string OrdersPaid = "orders/paid";
    public const string OrdersUpdated = "orders/updated";
    public const string OrdersCancelled = "orders/cancelled";
    public const string RefundsCreate = "refunds/create";
    public const string CustomersDataRequest = "customers/data_request";
    public const string CustomersRedact = "customers/redact";
    public const string ShopRedact = "shop/redact";

    /// <summary>The handled topics as the API documents list them.</summary>
    public const string HandledList = OrdersPaid + ", " + OrdersUpdated + ", " + OrdersCancelled + ", " + RefundsCreate + ", " + CustomersDataRequest + ", " + CustomersRedact + ", " + ShopRedact;

    public static IReadOnlySet<string> Handled { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        OrdersPaid, OrdersUpdated, OrdersCancelled, RefundsCreate, CustomersDataRequest, CustomersRedact, ShopRedact,
    };
}
