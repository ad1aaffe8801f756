namespace PromoServerless.Domain.Common;

/// <summary>How many decimals a currency's minor unit has (ISO 4217): two unless listed.</summary>
public static class CurrencyUnits
{
    private static readonly HashSet<string> NoDecimals = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.OrdinalIgnoreCase)
    {
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
    };

    public static int MinorDigits(string currency) =>
        NoDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;
}
