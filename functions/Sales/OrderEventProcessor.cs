using System.Text.Json;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>How an applied event changed the order's conversion, for the caller's report.</summary>
public enum OrderEventOutcome
{
    Converted,
    Updated,
    Unchanged,
    NoMemberCode,
    RefundHeld,
    Ignored,

    /// <summary>The webhook id was applied before: a re-delivery.</summary>
    Duplicate,
}

/// <summary>
/// Applies one Shopify order event to the brand's conversions. Every step is safe to repeat and the steps commute:
/// a conversion is created once (its row is the guard), refunds apply once each by refund id, a cancellation once,
/// and a refund that comes before its order waits on the order's trail until the order is attributed.
/// </summary>
public sealed class OrderEventProcessor(
    ConversionStore conversions,
    CodeAttributor attributor,
    OrderLineCollections collections,
    WebhookPayloads payloads,
    WebhookReceiptStore receipts,
    SalesNotifications notifications,
    TimeProvider time,
    ILogger<OrderEventProcessor> logger)
{
    public async Task<OrderEventOutcome> ProcessAsync(ShopifyEventMessage message, CancellationToken cancellationToken)
    {
        if (await receipts.WasAppliedAsync(message.BrandId, message.WebhookId, cancellationToken))
        {
            if (message.PayloadBlob is { } duplicate)
            {
                await payloads.DeleteAsync(duplicate, cancellationToken);
            }

            return OrderEventOutcome.Duplicate;
        }

        var body = message.Payload ?? (message.PayloadBlob is { } blob ? await payloads.ReadAsync(blob, cancellationToken) : null);
        if (body is null)
        {
            logger.LogError("Webhook {WebhookId} ({Topic}) has no payload; it cannot be applied.", message.WebhookId, message.Topic);
            return OrderEventOutcome.Ignored;
        }

        using var json = JsonDocument.Parse(body);
        var outcome = message.Topic switch
        {
            ShopifyTopics.OrdersPaid or ShopifyTopics.OrdersUpdated or ShopifyTopics.OrdersCancelled =>
                await ApplyOrderAsync(message.BrandId, OrderPayloadReader.ReadOrder(json.RootElement), cancellationToken),
            ShopifyTopics.RefundsCreate => await ApplyRefundAsync(message.BrandId, json.RootElement, cancellationToken),
            ShopifyTopics.CustomersRedact => await RedactCustomerAsync(message.BrandId, json.RootElement, cancellationToken),
            ShopifyTopics.CustomersDataRequest or ShopifyTopics.ShopRedact => Acknowledge(message),
            _ => OrderEventOutcome.Ignored,
        };
        await receipts.RecordAppliedAsync(message.BrandId, new WebhookReceipt(message.WebhookId, message.Topic, WebhookReceiptState.Applied, message.ReceivedAt, message.PayloadBlob), cancellationToken);
        if (message.PayloadBlob is { } applied)
        {
            await payloads.DeleteAsync(applied, cancellationToken);
        }

        return outcome;
    }

    /// <summary>Applies an order as read from a webhook or from the Admin API (reconciliation).</summary>
    public async Task<OrderEventOutcome> ApplyOrderAsync(BrandId brand, OrderPayload payload, CancellationToken cancellationToken)
    {
        var order = payload.Order;
        var trail = await conversions.GetTrailAsync(brand, order.OrderId, cancellationToken) ?? OrderTrail.New(order.OrderId);
        if (trail.State == OrderAttribution.NoMemberCode)
        {
            return OrderEventOutcome.NoMemberCode;
        }

        if (trail.State == OrderAttribution.Unseen)
        {
            if (!payload.Paid && !order.Cancelled)
            {
                return OrderEventOutcome.Ignored; // Not a sale yet: an unpaid order's update.
            }

            var decision = await attributor.DecideAsync(brand, order, cancellationToken);
            if (decision.Attribution.Code is not { } code)
            {
                await conversions.UpdateTrailAsync(brand, order.OrderId, t => t.Attribute(Minimised(order), null), cancellationToken);
                return OrderEventOutcome.NoMemberCode;
            }

            // The lines' collections are kept on the trail's order, so later refunds are priced by the same lines.
            if (decision.BaseRules.ExcludesCollections)
            {
                order = await collections.FillAsync(brand, order, cancellationToken);
            }

            // The conversion first, then the trail that points at it: a crash in between leaves a conversion the
            // next delivery finds (its row is the guard against a second one), never a trail pointing at nothing.
            var created = Conversion.Create(order, decision.Attribution, decision.Payout!, decision.BaseRules, decision.HoldingPeriod);
            var isNew = false;
            await conversions.ApplyAsync(brand, code.OfferId, code.MemberId, order.OrderId, existing =>
            {
                isNew = existing is null;
                return existing ?? created;
            }, cancellationToken);
            trail = await conversions.UpdateTrailAsync(brand, order.OrderId, t => t.Attribute(Minimised(order), code), cancellationToken);
            if (isNew)
            {
                await notifications.ConversionCreatedAsync(brand, created, cancellationToken);
            }

            var early = trail.HeldRefunds.Concat(payload.Refunds).ToArray();
            if (early.Length > 0)
            {
                await ApplyToConversionAsync(brand, trail, c => Refunded(c, trail.Order!, early), cancellationToken);
            }

            return OrderEventOutcome.Converted;
        }

        if (!order.Cancelled && payload.Refunds.Count == 0)
        {
            return OrderEventOutcome.Unchanged; // An update that changes nothing a conversion counts.
        }

        var changed = await ApplyToConversionAsync(
            brand,
            trail,
            c => Refunded(order.Cancelled ? c.Cancel(time.GetUtcNow()) : c, trail.Order ?? order, payload.Refunds),
            cancellationToken);
        return changed ? OrderEventOutcome.Updated : OrderEventOutcome.Unchanged;
    }

    private async Task<OrderEventOutcome> ApplyRefundAsync(BrandId brand, JsonElement body, CancellationToken cancellationToken)
    {
        var orderId = body.GetProperty("order_id").ToString();
        var existing = await conversions.GetTrailAsync(brand, orderId, cancellationToken);
        var currency = existing?.Order?.Currency ?? (body.TryGetProperty("currency", out var c) ? c.GetString() : null) ?? Currency(body);
        var refund = OrderPayloadReader.ReadRefund(body, currency, orderId);
        var trail = await conversions.UpdateTrailAsync(brand, orderId, t => t.Hold(refund), cancellationToken);
        return trail.State switch
        {
            OrderAttribution.Unseen => OrderEventOutcome.RefundHeld,
            OrderAttribution.NoMemberCode => OrderEventOutcome.NoMemberCode,
            _ => await ApplyToConversionAsync(brand, trail, c => Refunded(c, trail.Order!, [refund]), cancellationToken) ? OrderEventOutcome.Updated : OrderEventOutcome.Unchanged,
        };
    }

    /// <summary>
    /// We keep no buyer's address (the order's trail is stored without it, payloads are deleted once applied), so a
    /// redaction request has only the orders' trails to check; it scrubs any address an older row might carry.
    /// </summary>
    private async Task<OrderEventOutcome> RedactCustomerAsync(BrandId brand, JsonElement body, CancellationToken cancellationToken)
    {
        var orders = body.TryGetProperty("orders_to_redact", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(o => o.ToString()).ToArray() : [];
        foreach (var orderId in orders)
        {
            if (await conversions.GetTrailAsync(brand, orderId, cancellationToken) is { Order.CustomerEmail: not null })
            {
                await conversions.UpdateTrailAsync(brand, orderId, t => t with { Order = t.Order is null ? null : Minimised(t.Order) }, cancellationToken);
            }
        }

        logger.LogInformation("Customer redaction for brand {BrandId}: {Count} orders checked.", brand, orders.Length);
        return OrderEventOutcome.Updated;
    }

    private OrderEventOutcome Acknowledge(ShopifyEventMessage message)
    {
        // Conversions hold order ids, amounts and member ids, no buyer's personal data: nothing to report or erase.
        logger.LogInformation("Privacy request {Topic} for brand {BrandId} recorded (webhook {WebhookId}).", message.Topic, message.BrandId, message.WebhookId);
        return OrderEventOutcome.Unchanged;
    }

    private async Task<bool> ApplyToConversionAsync(BrandId brand, OrderTrail trail, Func<Conversion, Conversion> change, CancellationToken cancellationToken)
    {
        if (trail is not { State: OrderAttribution.Converted, OfferId: { } offer, MemberId: { } member })
        {
            return false;
        }

        Conversion? before = null;
        var after = await conversions.ApplyAsync(brand, offer, member, trail.OrderId, c =>
        {
            before = c;
            return c is null ? null : change(c);
        }, cancellationToken);
        if (after is null || before is null || ReferenceEquals(after, before))
        {
            return false;
        }

        if (after.Commission.Amount < before.Commission.Amount || after.Status == ConversionStatus.Rejected && before.Status != ConversionStatus.Rejected)
        {
            await notifications.ConversionReversedAsync(brand, after, cancellationToken);
        }

        return true;
    }

    // By the rules kept on the conversion: a later change of the offer's rules does not re-price its refunds.
    private static Conversion Refunded(Conversion conversion, ShopOrder order, IEnumerable<OrderRefund> refunds) =>
        refunds.Aggregate(conversion, (c, r) => c.ApplyRefund(r.RefundId, c.Rules.RefundedBaseOf(order, r), r.CreatedAt));

    /// <summary>The order without the buyer's address: it decided self-referral and is not kept.</summary>
    private static ShopOrder Minimised(ShopOrder order) => order with { CustomerEmail = null };

    private static string Currency(JsonElement refund) =>
        refund.TryGetProperty("transactions", out var transactions) && transactions.ValueKind == JsonValueKind.Array
            && transactions.EnumerateArray().Select(t => t.TryGetProperty("currency", out var c) ? c.GetString() : null).FirstOrDefault(c => c is not null) is { } currency
            ? currency
            : "USD";
}
