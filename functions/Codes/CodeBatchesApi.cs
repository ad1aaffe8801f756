using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

public static class CodeBatchesApi
{
    private const string Operation = "code-batches";

    public static RouteGroupBuilder MapCodeBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapKeyedApiGroup("", "Code generation");
        api.MapPost("/offers/{offerId}/code-batches/preview", PreviewAsync).WithName("PreviewCodeBatch").RequireScope(ApiScopes.CodesRead).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Show the code every chosen member would get, and any conflict. Changes nothing.");
        api.MapPost("/offers/{offerId}/code-batches", CreateAsync).WithName("CreateCodeBatch").RequireScope(ApiScopes.CodesWrite).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Generate the chosen members' codes in Shopify. Needs an Idempotency-Key; answers 202 with the batch to watch.");
        api.MapGet("/code-batches/{batchId}", GetAsync).WithName("GetCodeBatch").RequireScope(ApiScopes.CodesRead).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A generation's progress and per-member results (paged).")
            .WithDescription("Answers the batch's status and counts with a page of per-member results; pageSize=0 answers the status and counts alone, which is what a progress poll needs. Retry-After says when to look again while the batch runs.");
        api.MapGet("/offers/{offerId}/code-batches", ListAsync).WithName("ListCodeBatches").RequireScope(ApiScopes.CodesRead).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The offer's generations.");
        return api;
    }

    public static async Task<Results<Ok<CodeBatchPreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        string offerId, CodeBatchDraft draft, CurrentBrand brand, CodeBatchPlanning planning, CancellationToken cancellationToken)
    {
        var outcome = await planning.PlanAsync(brand.Id, offerId, draft, checkStore: true, cancellationToken);
        switch (outcome)
        {
            case PlanningOutcome.Planned planned:
                var members = planned.Members.Select(PlannedMemberResponse.From).ToArray();
                var valid = members.Count(m => m.Valid);
                return TypedResults.Ok(new CodeBatchPreviewResponse(planned.Offer.Id.Value, members.Length, valid, members.Length - valid, members));
            case PlanningOutcome.Invalid invalid:
                return ApiProblems.Validation(invalid.Errors);
            default:
                return ToProblemResult(outcome);
        }
    }

    public static async Task<Results<Accepted<CodeBatchAcceptedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string offerId,
        CodeBatchDraft draft,
        CurrentBrand brand,
        HttpContext http,
        CodeBatchPlanning planning,
        IdempotencyStore idempotency,
        CodeBatchStore batches,
        CodeBatchDispatcher dispatcher,
        CrashPoints crashes,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (key, keyError) = IdempotencyKeyHeader.Read(http.Request);
        if (key is null)
        {
            return ApiProblems.Validation(IdempotencyKeyHeader.Name, keyError!);
        }

        // A retry of an accepted request is answered from what it started, before anything is planned again:
        // by now its members hold codes, so planning them afresh would refuse them.
        var fingerprint = IdempotencyStore.Fingerprint(offerId + "\n" + JsonSerializer.Serialize(draft));
        var earlier = await idempotency.FindAsync(brand.Id, Operation, key, fingerprint, cancellationToken);
        if (earlier?.Outcome == IdempotencyOutcome.Mismatch)
        {
            return KeyReused();
        }

        if (earlier is not null && await batches.GetAsync(brand.Id, new CodeBatchId(earlier.ResourceId), cancellationToken) is { } replayed)
        {
            return await AcceptedAsync(replayed.Value, [], http, dispatcher, cancellationToken);
        }

        var outcome = await planning.PlanAsync(brand.Id, offerId, draft, checkStore: false, cancellationToken);
        if (outcome is PlanningOutcome.Invalid invalidInput)
        {
            return ApiProblems.Validation(invalidInput.Errors);
        }

        if (outcome is not PlanningOutcome.Planned planned)
        {
            return ToProblemResult(outcome);
        }

        var invalid = planned.Members.Where(m => !m.IsValid).ToArray();
        if (invalid.Length > 0 && !planned.Selection.SkipInvalid)
        {
            return ApiProblems.Validation(invalid.Select(m => new FieldError($"members[{m.Member.Id}]", $"{m.Member.Profile.Name}: {m.Reason}")).ToArray());
        }

        var members = planned.Members.Where(m => m.IsValid).ToArray();
        if (members.Length == 0)
        {
            return ApiProblems.Unprocessable("No chosen member can get a code.", "Every chosen member already has a code in this offer or has no usable code.");
        }

        var claim = await idempotency.ClaimAsync(brand.Id, Operation, key, fingerprint, CodeBatchId.New().Value, time.GetUtcNow(), cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return KeyReused();
        }

        var batchId = new CodeBatchId(claim.ResourceId);
        var existing = await batches.GetAsync(brand.Id, batchId, cancellationToken);
        var batch = existing?.Value ?? await StoreAsync(brand.Id, batchId, planned, members, batches, crashes, time, cancellationToken);
        return await AcceptedAsync(batch, invalid.Select(PlannedMemberResponse.From).ToArray(), http, dispatcher, cancellationToken);
    }

    private static ProblemHttpResult KeyReused() =>
        ApiProblems.Unprocessable("This Idempotency-Key was used for a different request.", "Use a new key for a new generation.");

    private static async Task<Accepted<CodeBatchAcceptedResponse>> AcceptedAsync(
        CodeBatch batch, IReadOnlyList<PlannedMemberResponse> skipped, HttpContext http, CodeBatchDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (!batch.Dispatched)
        {
            await dispatcher.DispatchAsync(batch, cancellationToken);
        }

        http.Response.Headers.RetryAfter = "2";
        return TypedResults.Accepted($"/api/v1/code-batches/{batch.Id}", new CodeBatchAcceptedResponse(CodeBatchResponse.From(batch), skipped));
    }

    public static async Task<Results<Ok<CodeBatchDetailResponse>, ProblemHttpResult>> GetAsync(
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

    public static async Task<Results<Ok<IReadOnlyList<CodeBatchResponse>>, ProblemHttpResult>> ListAsync(
        string offerId, CurrentBrand brand, CodeBatchStore batches, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId))
        {
            return ApiProblems.NotFound("The offer");
        }

        var list = await batches.ListForOfferAsync(brand.Id, new OfferId(offerId), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CodeBatchResponse>>(list.Select(b => CodeBatchResponse.From(b.Value)).ToArray());
    }

    private static async Task<CodeBatch> StoreAsync(
        BrandId brand,
        CodeBatchId id,
        PlanningOutcome.Planned planned,
        PlannedMember[] members,
        CodeBatchStore batches,
        CrashPoints crashes,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var items = members.Select((m, i) => new BatchItem(
            m.Member.Id, i / CodeBatch.ChunkSize, BatchItemState.Planned, m.Code, m.Attempt, m.IsOverride,
            m.Member.Profile.FirstName, m.Member.Profile.LastName, m.Member.Profile.Handle, PlannedCode: m.ProposedCode));
        await batches.UpsertItemsAsync(brand, id, items, cancellationToken);
        crashes.Hit("create:after-items");
        var selection = planned.Selection;
        var batch = CodeBatch.Start(id, brand, planned.Offer.Id, members.Length, selection.StartsAt, selection.EndsAt, selection.SendEmails, time.GetUtcNow());
        await batches.UpsertAsync(batch, cancellationToken);
        crashes.Hit("create:after-batch");
        return batch;
    }

    private static ProblemHttpResult ToProblemResult(PlanningOutcome outcome) => outcome switch
    {
        PlanningOutcome.OfferNotFound => ApiProblems.NotFound("The offer"),
        PlanningOutcome.OfferClosed closed => ApiProblems.Conflict("The offer does not take new codes.", closed.Reason),
        _ => throw new InvalidOperationException("Unexpected planning outcome."),
    };
}
