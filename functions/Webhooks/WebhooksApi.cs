using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Events;
using PromoServerless.Domain.Webhooks;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Webhooks;

[ApiArea(WebhooksApi.Tag)]
public static class WebhooksApi
{
    public const string Tag = "Event webhooks";

    private const string TriggerNote = "events; Power Automate and Logic Apps call it when a flow with this trigger is saved, and DELETE the Location it answers when the flow is removed.";

    [Function(nameof(WhenCodeBatchCompleted)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeBatchCompleted)]
    [EndpointSummary("When a code generation completes"), EndpointDescription("Subscribes the caller's URL to code_batch.completed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeBatchCompleted(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code_batch.completed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeBatchCompleted, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenCodeCreated)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeCreated)]
    [EndpointSummary("When codes are created"), EndpointDescription("Subscribes the caller's URL to code.created " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeCreated(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.created")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeCreated, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenCodeDeactivated)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeDeactivated)]
    [EndpointSummary("When a code is deactivated"), EndpointDescription("Subscribes the caller's URL to code.deactivated " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeDeactivated(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.deactivated")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeDeactivated, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenCodeReactivated)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeReactivated)]
    [EndpointSummary("When a code is reactivated"), EndpointDescription("Subscribes the caller's URL to code.reactivated " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeReactivated(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.reactivated")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeReactivated, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenCodeRenamed)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeRenamed)]
    [EndpointSummary("When a code is renamed"), EndpointDescription("Subscribes the caller's URL to code.renamed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeRenamed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.renamed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeRenamed, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenCodeDatesChanged)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.CodeDatesChanged)]
    [EndpointSummary("When a code's dates change"), EndpointDescription("Subscribes the caller's URL to code.dates_changed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenCodeDatesChanged(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/code.dates_changed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.CodeDatesChanged, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenEmailSendCompleted)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.EmailSendCompleted)]
    [EndpointSummary("When an email send completes"), EndpointDescription("Subscribes the caller's URL to email_send.completed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenEmailSendCompleted(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/email_send.completed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.EmailSendCompleted, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenMemberStageChanged)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.MemberStageChanged)]
    [EndpointSummary("When a member's project stage changes"), EndpointDescription("Subscribes the caller's URL to member.stage_changed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenMemberStageChanged(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/member.stage_changed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.MemberStageChanged, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenConversionCreated)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.ConversionCreated)]
    [EndpointSummary("When a conversion is recorded"), EndpointDescription("Subscribes the caller's URL to conversion.created " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenConversionCreated(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.created")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.ConversionCreated, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenConversionApproved)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.ConversionApproved)]
    [EndpointSummary("When a conversion is approved"), EndpointDescription("Subscribes the caller's URL to conversion.approved " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenConversionApproved(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.approved")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.ConversionApproved, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenConversionReversed)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.ConversionReversed)]
    [EndpointSummary("When a conversion is reversed"), EndpointDescription("Subscribes the caller's URL to conversion.reversed " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenConversionReversed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/conversion.reversed")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.ConversionReversed, draft, brand, request.HttpContext, creator, cancellationToken);

    [Function(nameof(WhenPayoutPaid)), RequireScope(ApiScopes.WebhooksWrite), WebhookTrigger(EventType.PayoutPaid)]
    [EndpointSummary("When a payout is paid"), EndpointDescription("Subscribes the caller's URL to payout.paid " + TriggerNote)]
    public static Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> WhenPayoutPaid(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-triggers/payout.paid")] HttpRequest request, WebhookTriggerDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken) =>
        TriggerAsync(EventType.PayoutPaid, draft, brand, request.HttpContext, creator, cancellationToken);

    /// <summary>The trigger's operation: <c>WhenCodeBatchCompleted</c> for <c>code_batch.completed</c>.</summary>
    public static string TriggerOperation(EventType type) => "When" + type;

    [Function(nameof(CreateWebhookSubscription)), RequireScope(ApiScopes.WebhooksWrite)]
    [EndpointSummary("Subscribe a URL to events. The answer holds the signing secret, shown only this once.")]
    [EndpointDescription("Each event is POSTed as JSON {id, type, time, data}, signed in X-PromoServerless-Signature (v1=hex HMAC-SHA256 of '{X-PromoServerless-Timestamp}.{body}' keyed with the secret), retried with back-off for 24 hours under the same id. The URL must be https and reach a public address.")]
    public static async Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> CreateWebhookSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook-subscriptions")] HttpRequest request,
        WebhookSubscriptionDraft draft, CurrentBrand brand, SubscriptionCreator creator, CancellationToken cancellationToken)
    {
        var created = await creator.CreateAsync(brand.Id, draft, cancellationToken);
        return created.Errors is { } errors
            ? ApiProblems.Validation(errors)
            : TypedResults.Created(Location(created.Subscription!), CreatedWebhookSubscriptionResponse.From(created.Subscription!, created.Secret!));
    }

    /// <summary>As <see cref="CreateWebhookSubscription"/> for one event type, with an absolute Location: the platform DELETEs exactly that URL when the flow goes.</summary>
    private static async Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem>> TriggerAsync(
        EventType type, WebhookTriggerDraft draft, CurrentBrand brand, HttpContext http, SubscriptionCreator creator, CancellationToken cancellationToken)
    {
        var created = await creator.CreateAsync(brand.Id, new WebhookSubscriptionDraft(draft.Url, [type.WireName()], draft.Description ?? "Power Platform trigger"), cancellationToken);
        return created.Errors is { } errors
            ? ApiProblems.Validation(errors)
            : TypedResults.Created($"{http.Request.Scheme}://{http.Request.Host}{Location(created.Subscription!)}", CreatedWebhookSubscriptionResponse.From(created.Subscription!, created.Secret!));
    }

    [Function(nameof(ListWebhookSubscriptions)), RequireScope(ApiScopes.WebhooksRead)]
    [EndpointSummary("The brand's webhook subscriptions (paged).")]
    public static async Task<Ok<PagedResponse<WebhookSubscriptionResponse>>> ListWebhookSubscriptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions")] HttpRequest request,
        int? pageSize, string? continuationToken, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(brand.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<WebhookSubscriptionResponse>(page.Items.Select(s => WebhookSubscriptionResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    [Function(nameof(GetWebhookSubscription)), RequireScope(ApiScopes.WebhooksRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("A webhook subscription: its events, and whether it is active or was disabled after failing for 24 hours.")]
    public static async Task<Results<Ok<WebhookSubscriptionResponse>, ProblemHttpResult>> GetWebhookSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        await FindAsync(brand.Id, subscriptionId, store, cancellationToken) is { } subscription
            ? TypedResults.Ok(WebhookSubscriptionResponse.From(subscription))
            : NotFound();

    [Function(nameof(DeleteWebhookSubscription)), RequireScope(ApiScopes.WebhooksWrite), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Stop sending events to a subscription.")]
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhookSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/webhook-subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId, CurrentBrand brand, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(subscriptionId) && await store.DeleteAsync(brand.Id, new WebhookSubscriptionId(subscriptionId), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound();

    [Function(nameof(ListWebhookDeliveries)), RequireScope(ApiScopes.WebhooksRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Every delivery attempt of the subscription and the receiver's answer, newest first (paged).")]
    public static async Task<Results<Ok<PagedResponse<WebhookDeliveryResponse>>, ProblemHttpResult>> ListWebhookDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook-subscriptions/{subscriptionId}/deliveries")] HttpRequest request,
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
}

/// <summary>Marks an HTTP function as the connector's webhook trigger for one event type.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WebhookTriggerAttribute(EventType type) : Attribute
{
    public EventType Type { get; } = type;
}

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
