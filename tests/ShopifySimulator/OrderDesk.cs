namespace PromoServerless.ShopifySimulator;

/// <summary>A checkout to simulate: the codes entered, what was bought, and any manual or automatic discount on top.</summary>
public sealed record PlaceOrderRequest(
    IReadOnlyList<string>? Codes = null,
    IReadOnlyList<SimLineItem>? LineItems = null,
    string? Email = null,
    string? ManualDiscountTitle = null,
    decimal ManualDiscountAmount = 0,
    string? AutomaticDiscountTitle = null,
    decimal AutomaticDiscountAmount = 0,
    bool Test = false,
    bool DeliverWebhook = true,
    decimal Shipping = 0);

/// <summary>A refund of <see cref="Amount"/>; <see cref="Lines"/> name the refunded line items (by position in the order) and quantities.</summary>
public sealed record RefundRequest(decimal Amount, string? Note = null, bool DeliverWebhook = true, IReadOnlyList<SimRefundLineRequest>? Lines = null);

public sealed record SimRefundLineRequest(int LineIndex, int Quantity);

/// <summary>Places orders and refunds in a shop with checkout's rules for codes: the code must exist, be active and under its usage limit.</summary>
public static class OrderDesk
{
    /// <summary>Returns the order, or why checkout would refuse it. Call under the shop's lock.</summary>
    public static (SimOrder? Order, string? Error) Place(ShopState shop, PlaceOrderRequest request)
    {
        shop.RunDueJobs();
        var now = shop.Now;
        var lines = request.LineItems is { Count: > 0 } given ? given : [new SimLineItem("Simulated product", 50m, 1, "SIM-1")];
        var remaining = lines.Sum(l => l.Price * l.Quantity);
        var applications = new List<SimDiscountApplication>();
        var redeemed = new List<SimRedeemCode>();
        foreach (var code in request.Codes ?? [])
        {
            if (!shop.CodeIndex.TryGetValue(code, out var redeem))
            {
                return (null, $"Discount code {code} is not valid.");
            }

            if (redeem.Discount.StatusAt(now) != SimDiscountStatus.Active)
            {
                return (null, $"Discount code {code} is not active.");
            }

            if (redeem.Discount.UsageLimit is { } limit && redeem.UsageCount >= limit)
            {
                return (null, $"Discount code {code} has reached its usage limit.");
            }

            var discount = redeem.Discount;
            var (valueType, value, amount) = discount.Percentage is { } fraction
                ? ("percentage", (decimal)fraction * 100m, Math.Round(remaining * (decimal)fraction, 2, MidpointRounding.AwayFromZero))
                : ("fixed_amount", discount.FixedAmount ?? 0m, Math.Min(remaining, discount.FixedAmount ?? 0m));
            remaining -= amount;
            applications.Add(new SimDiscountApplication("discount_code", redeem.Code, discount.Title, amount, valueType, value));
            redeemed.Add(redeem);
        }

        if (request.ManualDiscountTitle is { } manual)
        {
            applications.Add(new SimDiscountApplication("manual", null, manual, request.ManualDiscountAmount, "fixed_amount", request.ManualDiscountAmount));
        }

        if (request.AutomaticDiscountTitle is { } automatic)
        {
            applications.Add(new SimDiscountApplication("automatic", null, automatic, request.AutomaticDiscountAmount, "fixed_amount", request.AutomaticDiscountAmount));
        }

        foreach (var redeem in redeemed)
        {
            redeem.UsageCount++;
        }

        var order = new SimOrder
        {
            Id = shop.NextId(),
            Name = $"#{1001 + shop.Orders.Count}",
            Currency = shop.Config.Currency,
            LineItems = lines,
            DiscountApplications = applications,
            CustomerEmail = request.Email,
            CreatedAt = now,
            UpdatedAt = now,
            Test = request.Test,
            Shipping = request.Shipping,
        };
        shop.Orders.Add(order);
        return (order, null);
    }

    /// <summary>Refunds part or all of an order. Call under the shop's lock.</summary>
    public static (SimOrder? Order, SimRefund? Refund, string? Error) Refund(ShopState shop, long orderId, RefundRequest request)
    {
        var order = shop.Orders.FirstOrDefault(o => o.Id == orderId);
        if (order is null)
        {
            return (null, null, $"Order {orderId} does not exist.");
        }

        if (request.Amount <= 0 || request.Amount > order.Total - order.Refunded)
        {
            return (order, null, $"A refund must be above 0 and at most {order.Total - order.Refunded}.");
        }

        var lines = new List<SimRefundLine>();
        foreach (var line in request.Lines ?? [])
        {
            if (line.LineIndex < 0 || line.LineIndex >= order.LineItems.Count || line.Quantity <= 0 || line.Quantity > order.LineItems[line.LineIndex].Quantity)
            {
                return (order, null, $"Refund line {line.LineIndex} x{line.Quantity} is not on the order.");
            }

            lines.Add(new SimRefundLine(order.LineId(line.LineIndex), line.Quantity, order.DiscountedUnitPrice(line.LineIndex) * line.Quantity));
        }

        var refund = new SimRefund(shop.NextId(), request.Amount, shop.Now, request.Note, lines);
        order.Refunds.Add(refund);
        order.UpdatedAt = refund.CreatedAt;
        return (order, refund, null);
    }
}
