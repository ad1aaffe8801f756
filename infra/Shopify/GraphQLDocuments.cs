using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PromoServerless.Infra.Shopify;

/// <summary>
/// The GraphQL documents the client sends, kept as embedded <c>Documents/*.graphql</c> files and loaded by
/// name. Selections several documents share are named fragments in <c>Documents/Fragments/</c>; a loaded
/// document carries every fragment it spreads, directly or through another fragment, and no other.
/// </summary>
public static partial class GraphQLDocuments
{
    public const string DiscountCodeBasicCreate = nameof(DiscountCodeBasicCreate);
    public const string DiscountCodeBasicUpdate = nameof(DiscountCodeBasicUpdate);
    public const string DiscountCodeActivate = nameof(DiscountCodeActivate);
    public const string DiscountCodeDeactivate = nameof(DiscountCodeDeactivate);
    public const string DiscountRedeemCodeBulkAdd = nameof(DiscountRedeemCodeBulkAdd);
    public const string DiscountRedeemCodeBulkCreationStatus = nameof(DiscountRedeemCodeBulkCreationStatus);
    public const string DiscountRedeemCodeBulkCreationCodes = nameof(DiscountRedeemCodeBulkCreationCodes);
    public const string CodeDiscountNodeByCode = nameof(CodeDiscountNodeByCode);
    public const string CodeDiscountNode = nameof(CodeDiscountNode);
    public const string DiscountRedeemCodesByCode = nameof(DiscountRedeemCodesByCode);
    public const string DiscountCodeRedeemCodeBulkDelete = nameof(DiscountCodeRedeemCodeBulkDelete);
    public const string OrdersWithDiscountCodes = nameof(OrdersWithDiscountCodes);

    private const string ResourcePrefix = "PromoServerless.Infra.Shopify.Documents.";
    private const string FragmentPrefix = ResourcePrefix + "Fragments.";
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Names of every embedded document (without the <c>.graphql</c> extension).</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(GraphQLDocuments).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && !n.StartsWith(FragmentPrefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".graphql".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Names of every embedded fragment (<c>Documents/Fragments/*.graphql</c>).</summary>
    public static IReadOnlyList<string> FragmentNames { get; } = typeof(GraphQLDocuments).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(FragmentPrefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
        .Select(n => n[FragmentPrefix.Length..^".graphql".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        var document = Read(ResourcePrefix + name + ".graphql", $"GraphQL document '{name}'");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var included = new List<string>();
        var pending = new Queue<string>(SpreadFragments(document));
        while (pending.TryDequeue(out var fragment))
        {
            if (!seen.Add(fragment))
            {
                continue;
            }

            var text = Read(FragmentPrefix + fragment + ".graphql", $"GraphQL fragment '{fragment}' (spread in '{name}')");
            included.Add(text);
            foreach (var nested in SpreadFragments(text))
            {
                pending.Enqueue(nested);
            }
        }

        return string.Join("\n", [document.TrimEnd(), .. included.Select(f => f.TrimEnd())]) + "\n";
    }

    private static IEnumerable<string> SpreadFragments(string text) =>
        FragmentSpread().Matches(text).Select(m => m.Groups["name"].Value).Where(n => n != "on");

    private static string Read(string resource, string what)
    {
        using var stream = typeof(GraphQLDocuments).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{what} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.\.\.\s*(?<name>[_A-Za-z][_0-9A-Za-z]*)")]
    private static partial Regex FragmentSpread();
}
