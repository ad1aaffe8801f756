using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Partition keys always start with the brand id, so tenants never share a partition and every query is
/// scoped by construction.
/// </summary>
public static class Keys
{
    public const char Separator = '|';

    public static string Brand(BrandId brand) => brand.Value;

    public static string Scoped(BrandId brand, string scope) => $"{brand.Value}{Separator}{scope}";

    public static string Scoped(BrandId brand, string scope, string id) => $"{brand.Value}{Separator}{scope}{Separator}{id}";
}
