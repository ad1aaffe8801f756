namespace PromoServerless.Infra.Queues;

public static class QueueNames
{
    /// <summary>The app setting naming the queue of Shopify webhook deliveries; the queue trigger reads it too.</summary>
    public const string ShopifyEventsSetting = "ShopifyEventsQueue";

    /// <summary>The queue trigger's binding expression: the Functions host resolves it from the app setting.</summary>
    public const string ShopifyEventsTrigger = "%" + ShopifyEventsSetting + "%";

    /// <summary>Where the Functions host moves a message after its last failed try.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
