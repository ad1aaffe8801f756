using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Webhooks;

public static class WebhooksApi
{
    public const string Tag = "Event webhooks";

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapKeyedApiGroup("", Tag);
        api.MapPost("/webhook-subscriptions", CreateAsync).WithName("CreateWebhookSubscription").RequireScope(ApiScopes.WebhooksWrite)
            .WithSummary("Subscribe a URL to events. The answer holds the signing secret, shown only this once.")
            .WithDescription("Each event is POSTed as JSON {id, type, time, data}, signed in X-PromoServerless-Signature (v1=hex HMAC-SHA256 of '{X-PromoServerless-Timestamp}.{body}' keyed with the secret), retried with back-off for 24 hours under the same id. The URL must be https and reach a public address.");
        api.MapGet("/webhook-subscriptions", ListAsync).WithName("ListWebhookSubscriptions").RequireScope(ApiScopes.WebhooksRead)
            .WithSummary("The brand's webhook subscriptions (paged).");
        api.MapGet("/webhook-subscriptions/{subscriptionId}", GetAsync).WithName("GetWebhookSubscription").RequireScope(ApiScopes.WebhooksRead).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A webhook subscription: its events, and whether it is active or was disabled after failing for 24 hours.");
        api.MapDelete("/webhook-subscriptions/{subscriptionId}", DeleteAsync).WithName("DeleteWebhookSubscription").RequireScope(ApiScopes.WebhooksWrite).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Stop sending events to a subscription.");
        api.MapGet("/webhook-subscriptions/{subscriptionId}/deliveries", ListDeliveriesAsync).WithName("ListWebhookDeliveries").RequireScope(ApiScopes.WebhooksRead).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every delivery attempt of the subscription and the receiver's answer, newest first (paged).");

        foreach (var type in EventTypes.All)
        {
            api.MapPost("/webhook-triggers/" + type.WireName(), (WebhookTriggerDraft draft, CurrentBrand brand, HttpContext http, SubscriptionCreator creator, CancellationToken ct) => TriggerAsync(type, draft, brand, http, creator, ct))
                .WithName(TriggerOperation(type)).RequireScope(ApiScopes.WebhooksWrite).WithMetadata(new WebhookTrigger(type))
                .WithSummary($"When {Describe(type)}")
                .WithDescription($"Subscribes the caller's URL to {type.WireName()} events; Power Automate and Logic Apps call it when a flow with this trigger is saved, and DELETE the Location it answers when the flow is removed.");
        }

        return api;
    }

    /// <summary>The trigger's operation: <c>WhenCodeBatchCompleted</c> for <c>code_batch.completed</c>.</summary>
    public static string TriggerOperation(EventType type) => "When" + type;

    public static async Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> CreateAsync(
        WebhookSubscriptionDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken)
    {
        var created = await creator.CreateAsync(brand.Id, draft, cancellationToken);
        return created.Errors is { } errors
            ? ApiProblems.Validation(errors)
            : TypedResults.Created(Location(created.Subscription!), CreatedWebhookSubscriptionResponse.From(created.Subscription!, created.Secret!));
    }

    /// <summary>As <see cref="CreateAsync"/> for one event type, with an absolute Location: the platform DELETEs exactly that URL when the flow goes.</summary>
    public static async Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> TriggerAsync(
        EventType type, WebhookTriggerDraft draft, CurrentBrand brand, HttpContext http, SubscriptionCreator creator, CancellationToken cancellationToken)
    {
        var created = await creator.CreateAsync(brand.Id, new WebhookSubscriptionDraft(draft.Url, [type.WireName()], draft.Description ?? "Power Platform trigger"), cancellationToken);
        return created.Errors is { } errors
            ? ApiProblems.Validation(errors)
            : TypedResults.Created($"{http.Request.Scheme}://{http.Request.Host}{Location(created.Subscription!)}", CreatedWebhookSubscriptionResponse.From(created.Subscription!, created.Secret!));
    }

    public static async Task<Ok<PagedResponse<WebhookSubscriptionResponse>>> ListAsync(
        int? pageSize, string? continuationToken, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(brand.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<WebhookSubscriptionResponse>(page.Items.Select(s => WebhookSubscriptionResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    public static async Task<Results<Ok<WebhookSubscriptionResponse>, ProblemHttpResult>> GetAsync(
        string subscriptionId, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        await FindAsync(brand.Id, subscriptionId, store, cancellationToken) is { } subscription
            ? TypedResults.Ok(WebhookSubscriptionResponse.From(subscription))
            : NotFound();

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string subscriptionId, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(subscriptionId) && await store.DeleteAsync(brand.Id, new WebhookSubscriptionId(subscriptionId), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound();

    public static async Task<Results<Ok<PagedResponse<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveriesAsync(
        string subscriptionId, int? pageSize, string? continuationToken, CurrentBrand brand, WebhookSubscriptionStore store, WebhookDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        if (await FindAsync(brand.Id, subscriptionId, store, cancellationToken) is not { } subscription)
        {
            return NotFound();
        }

        var page = await deliveries.ListAsync(brand.Id, subscription.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<WebhookDeliveryResponse>(page.Items.Select(d => WebhookDeliveryResponse.From(d.Value)).ToArray(), page.ContinuationToken));
    }

    private static async Task<WebhookSubscription?> FindAsync(BrandId brand, string id, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(id) ? await store.GetAsync(brand, new WebhookSubscriptionId(id), cancellationToken) : null;

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound("The webhook subscription");

    private static string Location(WebhookSubscription subscription) => $"/api/v1/webhook-subscriptions/{subscription.Id}";

    private static string Describe(EventType type) => type switch
    {
        EventType.CodeBatchCompleted => "a code generation completes",
        EventType.CodeCreated => "codes are created",
        EventType.CodeDeactivated => "a code is deactivated",
        EventType.CodeReactivated => "a code is reactivated",
        EventType.CodeRenamed => "a code is renamed",
        EventType.CodeDatesChanged => "a code's dates change",
        EventType.EmailSendCompleted => "an email send completes",
        EventType.MemberStageChanged => "a member's project stage changes",
        EventType.ConversionCreated => "a conversion is recorded",
        EventType.ConversionApproved => "a conversion is approved",
        EventType.ConversionReversed => "a conversion is reversed",
        EventType.PayoutPaid => "a payout is paid",
        _ => type.WireName(),
    };
}

/// <summary>Marks an endpoint as the connector's webhook trigger for one event type.</summary>
public sealed record WebhookTrigger(EventType Type);

/// <summary>What Power Automate sends when a flow with a trigger is saved: where to send the events.</summary>
public sealed record WebhookTriggerDraft(string? Url, string? Description = null);

public sealed record WebhookSubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, SubscriptionStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveredAt, DateTimeOffset? DisabledAt, string? DisabledReason)
{
    public static WebhookSubscriptionResponse From(WebhookSubscription s) =>
        new(s.Id.Value, s.Url.ToString(), s.EventTypes.Select(t => t.WireName()).ToArray(), s.Description, s.Status, s.CreatedAt, s.LastDeliveredAt, s.DisabledAt, s.DisabledReason);
}

/// <summary>The subscription as created, with the signing secret: it is never shown again.</summary>
public sealed record CreatedWebhookSubscriptionResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, SubscriptionStatus Status, DateTimeOffset CreatedAt, string Secret)
{
    public static CreatedWebhookSubscriptionResponse From(WebhookSubscription s, string secret) =>
        new(s.Id.Value, s.Url.ToString(), s.EventTypes.Select(t => t.WireName()).ToArray(), s.Description, s.Status, s.CreatedAt, secret);
}

public sealed record WebhookDeliveryResponse(
    string EventId, string EventType, int Attempt, DateTimeOffset AttemptedAt, DeliveryOutcome Outcome, DeliveryErrorKind ErrorKind, int? StatusCode,
    long DurationMs, string? ResponseBody, DateTimeOffset? NextAttemptAt)
{
    public static WebhookDeliveryResponse From(WebhookDeliveryAttempt a) =>
        new(a.EventId, a.EventType.WireName(), a.Attempt, a.AttemptedAt, a.Outcome, a.ErrorKind, a.StatusCode, a.DurationMs, a.ResponseBody, a.NextAttemptAt);
}
