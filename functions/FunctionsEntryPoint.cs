namespace PromoServerless.Functions;

/// <summary>Names this app's assembly for test hosts; the top-level <c>Program</c> class is ambiguous once the Shopify simulator is referenced too.</summary>
public sealed class FunctionsEntryPoint
{
    private FunctionsEntryPoint()
    {
    }
}
