using PromoServerless.Domain.Sales;

namespace PromoServerless.Functions.Sales;

/// <summary>Sales tracking settings (section <c>Sales</c>).</summary>
public sealed class SalesOptions
{
    public const string SectionName = "Sales";

    /// <summary>Which member an order with several of the brand's codes pays: the first code applied (default) or the last.</summary>
    public AttributionPrecedence AttributionPrecedence { get; set; } = AttributionPrecedence.FirstApplied;

    /// <summary>How far back <c>ReconcileShopify</c> re-reads updated orders.</summary>
    public TimeSpan ReconcileWindow { get; set; } = TimeSpan.FromHours(3);
}
