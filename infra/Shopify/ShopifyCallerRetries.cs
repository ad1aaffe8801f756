namespace PromoServerless.Infra.Shopify;

/// <summary>
/// Marks the Shopify calls made inside a scope as retried by their caller, e.g. a Durable activity that runs under a
/// retry policy. The transport then still waits out throttling within the request, but a read that failed with a
/// server error or a transport failure is not sent again: the caller's retry runs the whole step again instead, so
/// the two retries do not multiply. Outside a scope the transport retries such reads itself.
/// </summary>
public static class ShopifyCallerRetries
{
    private static readonly AsyncLocal<bool> Active = new();

    public static bool AreActive => Active.Value;

    /// <summary>Starts a scope for the current asynchronous flow; the value flows into every call it awaits.</summary>
    public static Scope Begin()
    {
        var previous = Active.Value;
        Active.Value = true;
        return new Scope(previous);
    }

    public readonly struct Scope(bool previous) : IDisposable
    {
        public void Dispose() => Active.Value = previous;
    }
}
