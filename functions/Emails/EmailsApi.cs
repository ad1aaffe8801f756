using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Access;
using PromoServerless.Domain.Automation;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;
using PromoServerless.Infra.Templates;

namespace PromoServerless.Functions.Emails;

[ApiArea("Emails")]
public static class EmailsApi
{
    public const string SendOperation = "email-send";

    /// <summary>How far ahead a send may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(365);

    private const string NotificationParameter = "notification";
    private const string DefaultNotification = "codeReady";
    private const string NotificationDescription = "Which email's template: codeReady (the default), codeRenamed, codeDeactivated, codeReactivated or codeDatesChanged.";

    private static readonly TimeSpan PollAfter = TimeSpan.FromSeconds(2);

    [Function(nameof(GetEmailTemplate)), RequireScope(ApiScopes.EmailsSend)]
    [EndpointSummary("The brand's template for one email (notification; the code email by default), or that email's default.")]
    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem>> GetEmailTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/email-template")] HttpRequest request,
        [FromQuery(Name = NotificationParameter), Description(NotificationDescription)] string? notification,
        CurrentBrand current,
        TemplateStore templates,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (NotificationKinds.Parse(notification ?? DefaultNotification) is not { } kind)
        {
            return NotificationProblem();
        }

        var stored = await templates.GetBrandTemplateAsync(current.Id, kind, cancellationToken);
        if (stored is null)
        {
            return TypedResults.Ok(TemplateResponse.From(NotificationTemplates.For(kind), isDefault: true));
        }

        response.Headers.ETag = stored.ETag;
        return TypedResults.Ok(TemplateResponse.From(stored.Template, isDefault: false));
    }

    [Function(nameof(SaveEmailTemplate)), RequireScope(ApiScopes.EmailsSend), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    [EndpointSummary("Save the brand's template for one email (notification; the code email by default); refused with line and column when it does not parse or names unknown variables.")]
    public static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> SaveEmailTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/email-template")] HttpRequest request,
        TemplateRequest body,
        [FromQuery(Name = NotificationParameter), Description(NotificationDescription)] string? notification,
        CurrentBrand current,
        EmailTemplateValidator validator,
        TemplateStore templates,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (NotificationKinds.Parse(notification ?? DefaultNotification) is not { } kind)
        {
            return NotificationProblem();
        }

        var validated = validator.ValidateForSave(body.ToTemplate());
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        var saved = await templates.SaveBrandTemplateAsync(current.Id, kind, validated.Value, string.IsNullOrEmpty(ifMatch) ? null : ifMatch, cancellationToken);
        if (!saved.IsOk)
        {
            return ApiProblems.PreconditionFailed();
        }

        response.Headers.ETag = saved.ETag;
        return TypedResults.Ok(TemplateResponse.From(validated.Value, isDefault: false));
    }

    [Function(nameof(ResetEmailTemplate)), RequireScope(ApiScopes.EmailsSend)]
    [EndpointSummary("Go back to the default template of one email (notification; the code email by default).")]
    public static async Task<Results<NoContent, ValidationProblem>> ResetEmailTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/email-template")] HttpRequest request,
        [FromQuery(Name = NotificationParameter), Description(NotificationDescription)] string? notification,
        CurrentBrand current,
        TemplateStore templates,
        CancellationToken cancellationToken)
    {
        if (NotificationKinds.Parse(notification ?? DefaultNotification) is not { } kind)
        {
            return NotificationProblem();
        }

        await templates.DeleteBrandTemplateAsync(current.Id, kind, cancellationToken);
        return TypedResults.NoContent();
    }

    [Function(nameof(PreviewEmails)), RequireScope(ApiScopes.EmailsSend), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Render every chosen member's email without sending anything.")]
    [EndpointDescription("notification (codeRenamed, codeDeactivated, codeReactivated, codeDatesChanged) previews that change's notification instead of the code email, with the brand's template of that kind or its default; a template in the body overrides either.")]
    public static async Task<Results<Ok<PagedResponse<EmailPreview>>, ValidationProblem, ProblemHttpResult>> PreviewEmails(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/emails/preview")] HttpRequest request,
        string offerId,
        PreviewRequest body,
        CurrentBrand current,
        SendContextLoader contexts,
        EmailTemplateValidator validator,
        TemplateStore templates,
        EmailPreviewer previewer,
        CancellationToken cancellationToken)
    {
        var errors = new ErrorCollector();
        var choice = RecipientChoice.FromRequest(body.MemberIds, body.AllWithActiveCode);
        errors.AddRange(choice.Errors);
        var template = ValidateOverride(body.Template, validator, errors);
        if (body.PageSize is < 1 or > EmailPreviewer.MaxPageSize)
        {
            errors.Add("pageSize", $"A preview page holds 1 to {EmailPreviewer.MaxPageSize} emails.");
        }

        if (errors.HasErrors)
        {
            return ApiProblems.Validation(errors.Errors);
        }

        var offer = new OfferId(offerId);
        if (await OfferContextAsync(offerId, current, contexts, cancellationToken) is not { } context)
        {
            return ApiProblems.NotFound("The offer");
        }

        var kind = body.Notification ?? NotificationKind.CodeReady;
        template ??= (await templates.GetBrandTemplateAsync(current.Id, kind, cancellationToken))?.Template ?? NotificationTemplates.For(kind);
        var page = await previewer.PreviewAsync(current.Id, offer, context, choice.Value, template, body.PageSize ?? Paging.DefaultPageSize, body.ContinuationToken, cancellationToken, kind);
        return TypedResults.Ok(page);
    }

    /// <summary>
    /// Stores the send as asked (no recipient is looked up here) and starts its <c>SendEmails</c> orchestration.
    /// The Idempotency-Key record decides the send id, so a retry finds the same send and starts nothing twice;
    /// a retry after a crash between storing and starting is what starts it.
    /// </summary>
    [Function(nameof(StartEmailSend)), RequireScope(ApiScopes.EmailsSend), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    [EndpointSummary("Email the chosen members their codes (Idempotency-Key required).")]
    public static async Task<Results<Accepted<EmailSendResponse>, ValidationProblem, ProblemHttpResult>> StartEmailSend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/email-sends")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string offerId,
        EmailSendRequest body,
        CurrentBrand current,
        EmailTemplateValidator validator,
        SendContextLoader contexts,
        IdempotencyStore idempotency,
        EmailSendRecorder recorder,
        TimeProvider time,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new ErrorCollector();
        // sendAt in UTC: the same instant written with another offset is the same request.
        if (!IdempotencyKeys.TryRead(request, current.Id, SendOperation, offerId, body with { SendAt = body.SendAt?.ToUniversalTime() }, out var key, out var keyError))
        {
            errors.Add(keyError.Field, keyError.Message);
        }

        var choice = RecipientChoice.FromRequest(body.MemberIds, body.AllWithActiveCode);
        errors.AddRange(choice.Errors);
        var template = ValidateOverride(body.Template, validator, errors);
        var now = time.GetUtcNow();
        if (body.SendAt > now + MaxScheduleAhead)
        {
            errors.Add("sendAt", $"A send can be scheduled at most {MaxScheduleAhead.TotalDays:0} days ahead.");
        }

        if (errors.HasErrors)
        {
            return ApiProblems.Validation(errors.Errors);
        }

        var offer = new OfferId(offerId);
        if (await OfferContextAsync(offerId, current, contexts, cancellationToken) is not { } context)
        {
            return ApiProblems.NotFound("The offer");
        }

        var claim = await idempotency.ClaimAsync(key!, EmailSendId.New().Value, now, cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return IdempotencyKeys.Reused("send");
        }

        var order = new EmailSendOrder(current.Id, offer, choice.Value, template, body.SendAt, Origin: "api");
        var send = await recorder.RecordAsync(new EmailSendId(claim.ResourceId), order, context, cancellationToken);
        await durable.StartOnceAsync(EmailOrchestrationNames.SendEmails, send.Id.Value, new EmailSendRef(current.Id.Value, send.Id.Value), startAt: null, cancellationToken);
        response.Headers.RetryAfter = RetryAfterSeconds(send, now);
        return TypedResults.Accepted($"/api/v1/email-sends/{send.Id}", EmailSendResponse.From(send, now));
    }

    [Function(nameof(GetEmailSend)), RequireScope(ApiScopes.EmailsSend), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("A send's status, counts and a page of per-recipient results.")]
    public static async Task<Results<Ok<EmailSendResponse>, ProblemHttpResult>> GetEmailSend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/email-sends/{sendId}")] HttpRequest request,
        string sendId,
        int? pageSize,
        string? continuationToken,
        CurrentBrand current,
        EmailSendStore store,
        TimeProvider time,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var id = new EmailSendId(sendId);
        var send = Ids.IsWellFormed(sendId) ? await store.GetAsync(current.Id, id, cancellationToken) : null;
        if (send is null)
        {
            return ApiProblems.NotFound("The email send");
        }

        var page = await store.GetRecipientsPageAsync(current.Id, id, Paging.Size(pageSize), continuationToken, cancellationToken);
        var recipients = new PagedResponse<RecipientResponse>(page.Items.Select(r => RecipientResponse.From(r.Value)).ToArray(), page.ContinuationToken);
        var now = time.GetUtcNow();
        if (!send.Value.IsComplete)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(send.Value, now);
        }

        return TypedResults.Ok(EmailSendResponse.From(send.Value, now, recipients));
    }

    /// <summary>Records the cancellation under the send's ETag (the orchestration begins the send under the same ETag), then wakes it.</summary>
    [Function(nameof(CancelEmailSend)), RequireScope(ApiScopes.EmailsSend), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Cancel a scheduled send before its sendAt; 409 once it has started. Cancelling twice answers the cancelled send.")]
    public static async Task<Results<Ok<EmailSendResponse>, ProblemHttpResult>> CancelEmailSend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/email-sends/{sendId}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string sendId, CurrentBrand current, EmailSendStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = new EmailSendId(sendId);
        var stored = Ids.IsWellFormed(sendId) ? await store.GetAsync(current.Id, id, cancellationToken) : null;
        if (stored is null)
        {
            return ApiProblems.NotFound("The email send");
        }

        var now = time.GetUtcNow();
        var send = stored.Value.CancelOutcome == CancelOutcome.Cancelled
            ? (await store.UpdateAsync(current.Id, id, s => s.Cancel(now), cancellationToken))!
            : stored.Value;
        if (send.CancelledAt is null)
        {
            return ApiProblems.Conflict("The send has started; it can no longer be cancelled.", "Only a send scheduled with sendAt can be cancelled, until that time.");
        }

        await ScheduledWork.WakeAsync(durable, send.Id.Value, cancellationToken);
        return TypedResults.Ok(EmailSendResponse.From(send, now));
    }

    private static ValidationProblem NotificationProblem() =>
        ApiProblems.Validation(NotificationParameter, $"notification is one of {string.Join(", ", NotificationKinds.All.Select(k => k.WireName()))}.");

    private static EmailTemplate? ValidateOverride(TemplateRequest? template, EmailTemplateValidator validator, ErrorCollector errors)
    {
        if (template is null)
        {
            return null;
        }

        var validated = validator.ValidateForSave(template.ToTemplate());
        if (validated.IsValid)
        {
            return validated.Value;
        }

        errors.AddNested("template", validated.Errors);
        return null;
    }

    private static string RetryAfterSeconds(EmailSend send, DateTimeOffset now)
    {
        var wait = send.SendAt is { } at && at > now ? at - now : PollAfter;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What a send of this brand's offer needs (null for an id that is malformed or not the brand's offer).</summary>
    private static async Task<SendContext?> OfferContextAsync(string offerId, CurrentBrand current, SendContextLoader contexts, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(offerId) ? await contexts.LoadAsync(current.Id, new OfferId(offerId), cancellationToken) : null;
}
