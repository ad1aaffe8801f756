using System.Globalization;

namespace PromoServerless.Domain.Offers;

/// <summary>
/// Describes a discount for people: "10% off", "12.5% off", "$15 off", "£7.50 off", "15.00 CHF off".
/// Currencies with a well-known symbol (USD, CAD, AUD, EUR, GBP) use it, whole amounts without cents;
/// any other currency is written with two decimals and its ISO code, which nobody misreads.
/// </summary>
public static class DiscountText
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$",
        ["CAD"] = "CA$",
        ["AUD"] = "A$",
        ["EUR"] = "€",
        ["GBP"] = "£",
    };

    public static string Describe(Discount discount) => discount.Type == DiscountType.Percentage
        ? $"{discount.Value.ToString("0.##", CultureInfo.InvariantCulture)}% off"
        : $"{FormatAmount(discount.Value, discount.Currency)} off";

    public static string FormatAmount(decimal amount, string currency)
    {
        if (Symbols.TryGetValue(currency, out var symbol))
        {
            var format = amount == decimal.Truncate(amount) ? "0" : "0.00";
            return symbol + amount.ToString(format, CultureInfo.InvariantCulture);
        }

        return $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";
    }
}
