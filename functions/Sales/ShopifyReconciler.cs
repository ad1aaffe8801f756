using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Brands;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>What one reconciliation pass found for a brand: orders read, and those it repaired (created or changed a conversion).</summary>
public sealed record ReconciliationReport(BrandId BrandId, int OrdersRead, int ConversionsCreated, int ConversionsUpdated, IReadOnlyList<string> RepairedOrderIds);

/// <summary>
/// Re-reads each brand's recently updated orders that carry discount codes and applies them as their webhooks
/// would have been: an event already applied changes nothing (the same idempotent path), one that was missed is
/// repaired, and the report says which.
/// </summary>
public sealed class ShopifyReconciler(
    BrandStore brands, BrandShops shops, ReconciliationOrderReader orders, OrderEventProcessor processor, TimeProvider time, IOptions<SalesOptions> options, ILogger<ShopifyReconciler> logger)
{
    /// <summary>Reconciles every brand; each brand's report is logged.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var brand in brands.ListIdsAsync(cancellationToken))
        {
            try
            {
                await ReconcileAsync(brand, cancellationToken);
            }
            catch (Exception ex) when (ex is ShopifyGraphQLException or HttpRequestException or InvalidOperationException)
            {
                // One brand's shop being unreachable must not stop the others; the next hour tries again.
                logger.LogError(ex, "Reconciling brand {BrandId} failed.", brand);
            }
        }
    }

    public async Task<ReconciliationReport> ReconcileAsync(BrandId brand, CancellationToken cancellationToken)
    {
        var shop = await shops.GetAsync(brand, cancellationToken) ?? throw new InvalidOperationException($"Brand {brand} is gone.");
        var since = time.GetUtcNow() - options.Value.ReconcileWindow;
        var (read, created, updated) = (0, 0, 0);
        var repaired = new List<string>();
        await foreach (var order in orders.ReadUpdatedSinceAsync(shop.Shop, since, cancellationToken))
        {
            read++;
            var outcome = await processor.ApplyOrderAsync(brand, order, cancellationToken);
            if (outcome is OrderEventOutcome.Converted or OrderEventOutcome.Updated)
            {
                if (outcome == OrderEventOutcome.Converted)
                {
                    created++;
                }
                else
                {
                    updated++;
                }

                repaired.Add(order.Order.OrderId);
            }
        }

        var report = new ReconciliationReport(brand, read, created, updated, repaired);
        if (repaired.Count > 0)
        {
            logger.LogWarning("ReconcileShopify repaired {Count} orders of brand {BrandId} that webhooks missed: {Created} conversions created, {Updated} updated ({Orders}).", repaired.Count, brand, created, updated, string.Join(", ", repaired));
        }
        else
        {
            logger.LogInformation("ReconcileShopify read {Read} orders of brand {BrandId}; nothing to repair.", read, brand);
        }

        return report;
    }
}

/// <summary>Every hour, repairs what Shopify's webhooks missed.</summary>
public sealed class ReconcileShopifyFunction(ShopifyReconciler reconciler)
{
    [Function("ReconcileShopify")]
    public async Task ReconcileShopify([TimerTrigger("0 20 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await reconciler.RunAsync(cancellationToken);
}
