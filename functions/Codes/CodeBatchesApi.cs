using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

[ApiArea("Code generation")]
public static class CodeBatchesApi
{
    private const string Operation = "code-batches";
    private const string Resource = "generation";

    [Function(nameof(PreviewCodeBatch)), RequireScope(ApiScopes.CodesRead), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Show the code every chosen member would get, and any conflict. Changes nothing.")]
    public static async Task<Results<Ok<CodeBatchPreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewCodeBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/code-batches/preview")] HttpRequest request,
        string offerId, CodeBatchDraft draft, CurrentBrand brand, CodeBatchPlanning planning, CancellationToken cancellationToken)
    {
        var outcome = await planning.PreviewAsync(brand.Id, offerId, draft, cancellationToken);
        switch (outcome)
        {
            case PreviewOutcome.Planned planned:
                var members = planned.Members.Select(PlannedMemberResponse.From).ToArray();
                var valid = members.Count(m => m.Valid);
                return TypedResults.Ok(new CodeBatchPreviewResponse(planned.Offer.Id.Value, members.Length, valid, members.Length - valid, members));
            case PreviewOutcome.Invalid invalid:
                return ApiProblems.Validation(invalid.Errors);
            case PreviewOutcome.Refused { Check: DraftCheck.Invalid invalidDraft }:
                return ApiProblems.Validation(invalidDraft.Errors);
            case PreviewOutcome.Refused refused:
                return ToProblemResult(refused.Check);
            default:
                throw new InvalidOperationException("Unexpected preview outcome.");
        }
    }

    /// <summary>
    /// Checks the request and stores it (the draft as a blob, the batch row Queued), then starts <c>GenerateCodes</c>;
    /// members are looked at by the orchestration's planning, so this answers in the same time for 10 or 10,000.
    /// </summary>
    [Function(nameof(CreateCodeBatch)), RequireScope(ApiScopes.CodesWrite)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    [EndpointSummary("Generate the chosen members' codes in Shopify. Needs an Idempotency-Key; answers 202 with the batch to watch.")]
    [EndpointDescription("The request is checked and stored; the generation runs as the GenerateCodes orchestration. Members who cannot get a code (unknown id, a live code already, a code conflict, no usable code) are reported as failed items of the batch, as the preview reports them.")]
    public static async Task<Results<Accepted<CodeBatchAcceptedResponse>, ValidationProblem, ProblemHttpResult>> CreateCodeBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/code-batches")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string offerId,
        CodeBatchDraft draft,
        CurrentBrand brand,
        HttpContext http,
        CodeBatchPlanning planning,
        IdempotencyStore idempotency,
        CodeBatchStore batches,
        CodeBatchFiles files,
        CodeBatchStarter starter,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.TryRead(http.Request, brand.Id, Operation, offerId, draft, out var key, out var keyError))
        {
            return ApiProblems.Validation([keyError]);
        }

        // A retry of an accepted request is answered from what it stored, whatever has changed since.
        var earlier = await idempotency.FindAsync(key, cancellationToken);
        if (earlier?.Outcome == IdempotencyOutcome.Mismatch)
        {
            return IdempotencyKeys.Reused(Resource);
        }

        if (earlier is not null && await batches.GetAsync(brand.Id, new CodeBatchId(earlier.ResourceId), cancellationToken) is { } replayed)
        {
            return await AcceptedAsync(replayed.Value, http, starter, durable, cancellationToken);
        }

        var check = await planning.CheckAsync(brand.Id, offerId, draft, cancellationToken);
        if (check is DraftCheck.Invalid invalid)
        {
            return ApiProblems.Validation(invalid.Errors);
        }

        if (check is not DraftCheck.Accepted accepted)
        {
            return ToProblemResult(check);
        }

        var claim = await idempotency.ClaimAsync(key, CodeBatchId.New().Value, time.GetUtcNow(), cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return IdempotencyKeys.Reused(Resource);
        }

        var batchId = new CodeBatchId(claim.ResourceId);
        var batch = (await batches.GetAsync(brand.Id, batchId, cancellationToken))?.Value
            ?? await StoreAsync(brand.Id, batchId, accepted, draft, batches, files, time, cancellationToken);
        return await AcceptedAsync(batch, http, starter, durable, cancellationToken);
    }

    /// <summary>The draft first: a batch row always has its request to plan from.</summary>
    private static async Task<CodeBatch> StoreAsync(
        BrandId brand, CodeBatchId id, DraftCheck.Accepted accepted, CodeBatchDraft draft, CodeBatchStore batches, CodeBatchFiles files, TimeProvider time, CancellationToken cancellationToken)
    {
        await files.SaveDraftAsync(brand, id, draft, cancellationToken);
        var selection = accepted.Selection;
        var payout = PayoutOption.Find(accepted.Offer.Definition.PayoutOptions, draft.PayoutOption)?.Label;
        var batch = CodeBatch.Queue(id, brand, accepted.Offer.Id, selection.StartsAt, selection.EndsAt, selection.SendEmails, time.GetUtcNow(), selection.ScheduledFor) with { PayoutOptionLabel = payout };
        if ((await batches.InsertAsync(batch, cancellationToken)).IsOk)
        {
            return batch;
        }

        return (await batches.GetAsync(brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Batch {id} vanished after a conflicting insert.");
    }

    private static async Task<Accepted<CodeBatchAcceptedResponse>> AcceptedAsync(
        CodeBatch batch, HttpContext http, CodeBatchStarter starter, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await starter.EnsureStartedAsync(batch, durable, cancellationToken);
        http.Response.Headers.RetryAfter = "2";
        return TypedResults.Accepted($"/api/v1/code-batches/{batch.Id}", new CodeBatchAcceptedResponse(CodeBatchResponse.From(batch), []));
    }

    [Function(nameof(GetCodeBatch)), RequireScope(ApiScopes.CodesRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("A generation's progress and per-member results (paged).")]
    [EndpointDescription("Answers the batch's status and counts with a page of per-member results; pageSize=0 answers the status and counts alone, which is what a progress poll needs. Retry-After says when to look again while the batch runs.")]
    public static async Task<Results<Ok<CodeBatchDetailResponse>, ProblemHttpResult>> GetCodeBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/code-batches/{batchId}")] HttpRequest request,
        string batchId, int? pageSize, string? continuationToken, CurrentBrand brand, HttpContext http, CodeBatchStore batches, CancellationToken cancellationToken)
    {
        var batch = Ids.IsWellFormed(batchId) ? await batches.GetAsync(brand.Id, new CodeBatchId(batchId), cancellationToken) : null;
        if (batch is null)
        {
            return ApiProblems.NotFound("The code batch");
        }

        // pageSize=0 is the progress poll: status and counts without reading any item.
        var page = pageSize == 0
            ? new DocumentPage<BatchItem>([], null)
            : await batches.GetItemsPageAsync(batch.Value, Paging.Size(pageSize), continuationToken, cancellationToken);
        if (!batch.Value.IsTerminal)
        {
            http.Response.Headers.RetryAfter = "2";
        }

        return TypedResults.Ok(new CodeBatchDetailResponse(CodeBatchResponse.From(batch.Value), page.Items.Select(i => BatchItemResponse.From(i.Value)).ToArray(), page.ContinuationToken));
    }

    [Function(nameof(ListCodeBatches)), RequireScope(ApiScopes.CodesRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("The offer's generations (paged).")]
    public static async Task<Results<Ok<PagedResponse<CodeBatchResponse>>, ProblemHttpResult>> ListCodeBatches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/code-batches")] HttpRequest request,
        string offerId, int? pageSize, string? continuationToken, CurrentBrand brand, OfferStore offers, CodeBatchStore batches, CancellationToken cancellationToken)
    {
        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand.Id, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var page = await batches.GetPageForOfferAsync(brand.Id, offer.Value.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<CodeBatchResponse>(page.Items.Select(b => CodeBatchResponse.From(b.Value)).ToArray(), page.ContinuationToken));
    }

    /// <summary>
    /// Records the cancellation on the batch row under its ETag (the orchestration begins the batch under the same
    /// ETag, so exactly one of the two wins), then wakes the waiting orchestration so it ends now rather than at the time.
    /// </summary>
    [Function(nameof(CancelCodeBatch)), RequireScope(ApiScopes.CodesWrite), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Cancel a scheduled generation before it starts; 409 once it has started. Cancelling twice answers the cancelled batch.")]
    public static async Task<Results<Ok<CodeBatchResponse>, ProblemHttpResult>> CancelCodeBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/code-batches/{batchId}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string batchId, CurrentBrand brand, CodeBatchStore batches, TimeProvider time, CancellationToken cancellationToken)
    {
        var stored = Ids.IsWellFormed(batchId) ? await batches.GetAsync(brand.Id, new CodeBatchId(batchId), cancellationToken) : null;
        if (stored is null)
        {
            return ApiProblems.NotFound("The code batch");
        }

        var outcome = stored.Value.CancelOutcome;
        var batch = outcome == Domain.Automation.CancelOutcome.Cancelled
            ? (await batches.UpdateAsync(brand.Id, stored.Value.Id, b => b.Cancel(time.GetUtcNow()), cancellationToken))!
            : stored.Value;
        if (batch.Status != CodeBatchStatus.Cancelled)
        {
            return ApiProblems.Conflict("The generation has started; it can no longer be cancelled.", $"The batch is {batch.Status.ToString().ToLowerInvariant()}. Deactivate its codes instead.");
        }

        await ScheduledWork.WakeAsync(durable, batch.Id.Value, cancellationToken);
        return TypedResults.Ok(CodeBatchResponse.From(batch));
    }

    private static ProblemHttpResult ToProblemResult(DraftCheck check) => check switch
    {
        DraftCheck.OfferNotFound => ApiProblems.NotFound("The offer"),
        DraftCheck.OfferClosed closed => ApiProblems.Conflict("The offer does not take new codes.", closed.Reason),
        _ => throw new InvalidOperationException("Unexpected draft check."),
    };
}
