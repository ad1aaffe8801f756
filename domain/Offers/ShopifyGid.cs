using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Offers;

/// <summary>Shopify global ids such as <c>gid://shopify/Product/123</c>.</summary>
public static class ShopifyGid
{
    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>True when <paramref name="value"/> is <c>gid://shopify/{resource}/{digits}</c> (resource compared exactly).</summary>
    public static bool IsValid(string? value, string resource)
    {
        var prefix = $"gid://shopify/{resource}/";
        if (value is null || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var id = value.AsSpan(prefix.Length);
        return id.Length is > 0 and <= 20 && !id.ContainsAnyExcept(Digits) && id[0] != '0';
    }

    /// <summary>
    /// <paramref name="value"/> as <c>gid://shopify/{resource}/{digits}</c>: a GID as it is, a plain numeric id (as REST
    /// webhooks carry it) turned into one; null when it is neither.
    /// </summary>
    public static string? Normalise(string? value, string resource)
    {
        if (value is null || IsValid(value, resource))
        {
            return value;
        }

        var gid = $"gid://shopify/{resource}/{value}";
        return IsValid(gid, resource) ? gid : null;
    }

    /// <param name="acceptNumeric">Also accept plain numeric ids, returned as GIDs.</param>
    internal static IReadOnlyList<string> ValidateList(IReadOnlyList<string?>? values, string resource, string field, int max, ErrorCollector errors, bool acceptNumeric = false)
    {
        if (values is null || values.Count == 0)
        {
            return [];
        }

        if (values.Count > max)
        {
            errors.Add(field, $"At most {max} ids.");
        }

        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = acceptNumeric ? Normalise(values[i]?.Trim(), resource) : values[i]?.Trim();
            if (!IsValid(value, resource))
            {
                errors.Add($"{field}[{i}]", acceptNumeric
                    ? $"Must be a Shopify {resource} id like gid://shopify/{resource}/123 or 123."
                    : $"Must be a Shopify {resource} id like gid://shopify/{resource}/123.");
            }
            else if (firstIndex.TryAdd(value!, i))
            {
                ids.Add(value!);
            }
            else
            {
                errors.Add($"{field}[{i}]", $"Listed twice; also at index {firstIndex[value!]}.");
            }
        }

        return ids;
    }
}
