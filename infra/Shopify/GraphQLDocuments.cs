using System.Collections.Concurrent;
using System.Reflection;

namespace PromoServerless.Infra.Shopify;

/// <summary>The GraphQL documents the client sends, kept as embedded <c>Documents/*.graphql</c> files and loaded by name.</summary>
public static class GraphQLDocuments
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
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Names of every embedded document (without the <c>.graphql</c> extension).</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(GraphQLDocuments).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".graphql".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        using var stream = typeof(GraphQLDocuments).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".graphql")
            ?? throw new InvalidOperationException($"GraphQL document '{name}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
