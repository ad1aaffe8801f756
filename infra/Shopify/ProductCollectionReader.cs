using System.Text.Json.Nodes;

namespace PromoServerless.Infra.Shopify;

public static partial class GraphQLDocuments
{
    public const string ProductCollections = nameof(ProductCollections);
}

/// <summary>
/// Reads which collections products are in, for commission rules that leave collections out: order webhooks name a
/// line's product but not its collections. Products are asked for in small batches to keep each query's cost low.
/// </summary>
public sealed class ProductCollectionReader
{
    /// <summary>Products per query: with 60 collections each, a query costs about 620 of Shopify's 1,000 points.</summary>
    public const int BatchSize = 10;

    private readonly ShopifyGraphQLTransport _transport;

    internal ProductCollectionReader(ShopifyGraphQLTransport transport) => _transport = transport;

    /// <summary>
    /// The collection GIDs of each product GID asked for; a product Shopify no longer has maps to no collections.
    /// Failures throw (<see cref="ShopifyGraphQLException"/>, <see cref="HttpRequestException"/>), so the caller retries.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(ShopifyShop shop, IReadOnlyCollection<string> productIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var batch in productIds.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            var data = await _transport.SendAsync(
                shop,
                new GraphQLRequest(GraphQLDocuments.ProductCollections, ShopifyVariables.ProductIds(batch), IsMutation: false),
                cancellationToken);
            foreach (var id in batch)
            {
                found[id] = [];
            }

            foreach (var node in data["nodes"] as JsonArray ?? [])
            {
                if (node.Str("id") is { } product)
                {
                    found[product] = (node!["collections"]?["nodes"] as JsonArray ?? []).Select(c => c.Str("id")).OfType<string>().ToArray();
                }
            }
        }

        return found;
    }
}
