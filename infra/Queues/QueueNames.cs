namespace PromoServerless.Infra.Queues;

public static class QueueNames
{
    public const string CodePrepare = "code-prepare";
    public const string CodePush = "code-push";
    public const string EmailSend = "email-send";
    public const string ShopifyEvents = "shopify-events";

    public static IReadOnlyList<string> All { get; } = [CodePrepare, CodePush, EmailSend, ShopifyEvents];

    /// <summary>Where the Functions host moves a message after its last failed try.</summary>
    public static string Poison(string queue) => queue + "-poison";
}
