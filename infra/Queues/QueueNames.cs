namespace PromoServerless.Infra.Queues;

public static class QueueNames
{
    public const string ShopifyEvents = "shopify-events";

    public static IReadOnlyList<string> All { get; } = [ShopifyEvents];

    /// <summary>Where the Functions host moves a message after its last failed try.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
