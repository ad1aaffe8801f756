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
/// and a refund that comes before its order waits on the order's trail until the order's conversion is written. The
/// trail records the decision before the conversion is written and says Converted after, so a conversion that is
/// listed is always found through its trail, and a delivery that stops half-way is finished by the next one.
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
        if (trail.State == OrderAttribution.Unseen)
        {
            if (!payload.Paid && !order.Cancelled)
            {
                return OrderEventOutcome.Ignored; // Not a sale yet: an unpaid order's update.
            }

            trail = await RecordAttributionAsync(brand, order, cancellationToken);
        }

        // Attributing here is this delivery's own decision, or one an earlier delivery recorded and did not get to
        // finish (it crashed, or is still at it): either way it is finished now, never skipped.
        var completion = await CompleteAttributionAsync(brand, trail, cancellationToken);
        trail = completion.Trail;
        if (trail.State == OrderAttribution.NoMemberCode)
        {
            return OrderEventOutcome.NoMemberCode;
        }

        var changed = (order.Cancelled || payload.Refunds.Count > 0) && await ApplyToConversionAsync(
            brand,
            trail,
            c => Refunded(order.Cancelled ? c.Cancel(time.GetUtcNow()) : c, trail.Order ?? order, payload.Refunds),
            cancellationToken);
        return completion.Created ? OrderEventOutcome.Converted
            : changed || completion.Refunded ? OrderEventOutcome.Updated
            : OrderEventOutcome.Unchanged;
    }

    /// <summary>
    /// The first write of attributing an order: decides which member's conversion it becomes and records that on the
    /// order's trail (Attributing, carrying the conversion to write; or NoMemberCode), before any conversion is
    /// written. Returns the trail as stored, which holds an earlier delivery's decision if one came first.
    /// </summary>
    internal async Task<OrderTrail> RecordAttributionAsync(BrandId brand, ShopOrder order, CancellationToken cancellationToken)
    {
        var decision = await attributor.DecideAsync(brand, order, cancellationToken);
        Conversion? decided = null;
        if (decision.Attribution.Code is not null)
        {
            // The lines' collections are kept on the trail's order, so later refunds are priced by the same lines.
            if (decision.BaseRules.ExcludesCollections)
            {
                order = await collections.FillAsync(brand, order, cancellationToken);
            }

            decided = Conversion.Create(order, decision.Attribution, decision.Payout!, decision.BaseRules, decision.HoldingPeriod);
        }

        return await conversions.UpdateTrailAsync(brand, order.OrderId, t => t.Attribute(Minimised(order), decided), cancellationToken);
    }

    /// <summary>
    /// Finishes an attribution the trail records: writes the decided conversion unless it is there (its row is the
    /// guard against a second one), applies the refunds held on the trail as read, then marks the trail Converted.
    /// Safe to run by several deliveries at once and again after a crash at any point; a refund held after the trail
    /// was read is applied by its own delivery, which finishes the attribution too. A trail not Attributing is returned as it is.
    /// </summary>
    private async Task<(OrderTrail Trail, bool Created, bool Refunded)> CompleteAttributionAsync(BrandId brand, OrderTrail trail, CancellationToken cancellationToken)
    {
        if (trail is not { State: OrderAttribution.Attributing, Decided: { } decided })
        {
            return (trail, false, false);
        }

        var created = false;
        await conversions.ApplyAsync(brand, decided.OfferId, decided.MemberId, trail.OrderId, existing =>
        {
            created = existing is null;
            return existing ?? decided;
        }, cancellationToken);
        if (created)
        {
            await notifications.ConversionCreatedAsync(brand, decided, cancellationToken);
        }

        var refunded = trail.HeldRefunds.Count > 0 && await ApplyToConversionAsync(brand, trail, c => Refunded(c, trail.Order!, trail.HeldRefunds), cancellationToken);
        return (await conversions.UpdateTrailAsync(brand, trail.OrderId, t => t.Complete(), cancellationToken), created, refunded);
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

            // Held while the conversion may not be written yet: finishing the attribution applies it with the others held.
            OrderAttribution.Attributing => (await CompleteAttributionAsync(brand, trail, cancellationToken)).Refunded ? OrderEventOutcome.Updated : OrderEventOutcome.Unchanged,
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
        if (trail.ConversionKey is not (var offer, var member))
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
