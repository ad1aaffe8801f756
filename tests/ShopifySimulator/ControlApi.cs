namespace PromoServerless.ShopifySimulator;

/// <summary>The collections (numeric ids) a product is in, replacing what it was in before.</summary>
public sealed record ProductCollectionsRequest(IReadOnlyList<long> CollectionIds);

/// <summary>Test control endpoints under <c>/_sim</c>: shops, faults, orders, refunds, webhooks, inspection and reset.</summary>
public static class ControlApi
{
    public static void MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapPost("/reset", (SimulatorState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        sim.MapPost("/shops", (ShopConfig config, SimulatorState state) =>
        {
            var shop = state.UpsertShop(config);
            return TypedResults.Created($"/_sim/shops/{config.Domain}", ShopSnapshot.Of(shop));
        });
        sim.MapGet("/shops/{shop}", (string shop, SimulatorState state) =>
            state.Find(shop) is { } s ? Results.Ok(ShopSnapshot.Of(s)) : Results.NotFound());
        sim.MapPost("/shops/{shop}/faults", (string shop, FaultRule rule, SimulatorState state) =>
        {
            if (state.Find(shop) is not { } s)
            {
                return Results.NotFound();
            }

            s.Faults.Add(rule);
            return Results.NoContent();
        });
        sim.MapDelete("/shops/{shop}/faults", (string shop, SimulatorState state) =>
        {
            state.Find(shop)?.Faults.Clear();
            return TypedResults.NoContent();
        });
        sim.MapGet("/shops/{shop}/webhooks", (string shop, SimulatorState state) =>
            state.Find(shop) is { } s ? Results.Ok(s.Deliveries.ToArray()) : Results.NotFound());
        sim.MapPost("/shops/{shop}/orders", PlaceOrderAsync);
        sim.MapPost("/shops/{shop}/orders/{orderId:long}/refunds", RefundAsync);
        sim.MapPost("/shops/{shop}/orders/{orderId:long}/cancel", CancelAsync);
        sim.MapPost("/shops/{shop}/orders/{orderId:long}/webhooks", DeliverOrderAsync);
        sim.MapPost("/shops/{shop}/webhooks/{webhookId}/redeliver", RedeliverAsync);
        sim.MapPut("/shops/{shop}/products/{productId:long}/collections", (string shop, long productId, ProductCollectionsRequest request, SimulatorState state) =>
        {
            if (state.Find(shop) is not { } s)
            {
                return Results.NotFound();
            }

            lock (s.Gate)
            {
                s.ProductCollections[productId] = request.CollectionIds.ToArray();
            }

            return Results.NoContent();
        });
    }

    /// <summary>Cancels an order and sends <c>orders/cancelled</c>.</summary>
    private static Task<IResult> CancelAsync(string shop, long orderId, SimulatorState state, WebhookSender webhooks, CancellationToken ct) =>
        ChangeAndDeliverAsync(shop, orderId, "orders/cancelled", state, webhooks, (s, order) =>
        {
            order.CancelledAt ??= s.Now;
            order.UpdatedAt = s.Now;
        }, ct);

    /// <summary>Sends an order webhook of <paramref name="topic"/> (e.g. <c>orders/paid</c> late, after a refund) with the order as it is now.</summary>
    private static Task<IResult> DeliverOrderAsync(string shop, long orderId, string topic, SimulatorState state, WebhookSender webhooks, CancellationToken ct) =>
        ChangeAndDeliverAsync(shop, orderId, topic, state, webhooks, change: null, ct);

    /// <summary>Applies <paramref name="change"/> (when given) to the order and sends a webhook of <paramref name="topic"/> with the order as it is then.</summary>
    private static async Task<IResult> ChangeAndDeliverAsync(
        string shop, long orderId, string topic, SimulatorState state, WebhookSender webhooks, Action<ShopState, SimOrder>? change, CancellationToken ct)
    {
        if (state.Find(shop) is not { } s)
        {
            return Results.NotFound();
        }

        System.Text.Json.Nodes.JsonObject payload;
        lock (s.Gate)
        {
            var order = s.Orders.FirstOrDefault(o => o.Id == orderId);
            if (order is null)
            {
                return Results.NotFound();
            }

            change?.Invoke(s, order);
            payload = OrderPayloads.Order(order);
        }

        var delivery = await webhooks.DeliverAsync(s, topic, payload, ct);
        return Results.Ok(new { order = payload, delivery });
    }

    /// <summary>Sends an earlier delivery again, same body and webhook id, as Shopify retries one.</summary>
    private static async Task<IResult> RedeliverAsync(string shop, string webhookId, SimulatorState state, WebhookSender webhooks, CancellationToken ct)
    {
        if (state.Find(shop) is not { } s || s.Deliveries.FirstOrDefault(d => d.WebhookId == webhookId) is not { } earlier)
        {
            return Results.NotFound();
        }

        return Results.Ok(await webhooks.DeliverAsync(s, earlier.Topic, earlier.Body, webhookId, ct));
    }

    private static async Task<IResult> PlaceOrderAsync(string shop, PlaceOrderRequest request, SimulatorState state, WebhookSender webhooks, CancellationToken ct)
    {
        if (state.Find(shop) is not { } s)
        {
            return Results.NotFound();
        }

        System.Text.Json.Nodes.JsonObject payload;
        SimOrder? order;
        string? error;
        lock (s.Gate)
        {
            (order, error) = OrderDesk.Place(s, request);
            payload = order is null ? [] : OrderPayloads.Order(order);
        }

        if (order is null)
        {
            return Results.UnprocessableEntity(new { error });
        }

        var delivery = request.DeliverWebhook ? await webhooks.DeliverAsync(s, "orders/paid", payload, ct) : null;
        return Results.Ok(new { order = payload, delivery });
    }

    private static async Task<IResult> RefundAsync(string shop, long orderId, RefundRequest request, SimulatorState state, WebhookSender webhooks, CancellationToken ct)
    {
        if (state.Find(shop) is not { } s)
        {
            return Results.NotFound();
        }

        System.Text.Json.Nodes.JsonObject payload;
        string? error;
        lock (s.Gate)
        {
            var (order, refund, failure) = OrderDesk.Refund(s, orderId, request);
            error = failure;
            payload = refund is null ? [] : OrderPayloads.Refund(order!, refund);
        }

        if (error is not null)
        {
            return Results.UnprocessableEntity(new { error });
        }

        var delivery = request.DeliverWebhook ? await webhooks.DeliverAsync(s, "refunds/create", payload, ct) : null;
        return Results.Ok(new { refund = payload, delivery });
    }
}
