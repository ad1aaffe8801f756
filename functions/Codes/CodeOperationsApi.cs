using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

[ApiArea("Codes")]
public static class CodeOperationsApi
{
    private const string Operation = "code-operations";
    private const string Resource = "operation";

    /// <summary>
    /// Checks the request against the offer's codes, stores one step per member and the operation, and starts its
    /// <c>RunCodeOperation</c> orchestration. The Idempotency-Key decides the operation id: a retry answers the
    /// same operation and starts nothing twice, except that it resumes an operation that failed.
    /// </summary>
    [Function(nameof(StartCodeOperation)), RequireScope(ApiScopes.CodesWrite), ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    [EndpointSummary("Rename, deactivate, reactivate or re-date any number of members' codes, in Shopify too. Needs an Idempotency-Key; answers 202 with the operation's status resource.")]
    public static async Task<Results<Accepted<CodeOperationResponse>, ValidationProblem, ProblemHttpResult>> StartCodeOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/codes/operations")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string offerId,
        CodeOperationRequest operationRequest,
        CurrentBrand brand,
        HttpContext http,
        OfferStore offers,
        PromoCodeStore codes,
        IdempotencyStore idempotency,
        CodeOperationStore operations,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.TryRead(http.Request, brand.Id, Operation, offerId, operationRequest, out var key, out var keyError))
        {
            return ApiProblems.Validation([keyError]);
        }

        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand.Id, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var validated = CodeOperationValidator.Validate(operationRequest, time.GetUtcNow(), offer.Value.Definition.NamingStrategy.MaxLength);
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        // A retry is answered from what it started, before the codes are checked again: by now they have changed.
        var earlier = await idempotency.FindAsync(key, cancellationToken);
        if (earlier?.Outcome == IdempotencyOutcome.Mismatch)
        {
            return IdempotencyKeys.Reused(Resource);
        }

        if (earlier is not null && await operations.GetAsync(brand.Id, earlier.ResourceId, cancellationToken) is { } replayed)
        {
            return await AcceptedAsync(replayed, operations, durable, http, cancellationToken);
        }

        var command = validated.Value;
        var offerCodes = await codes.GetAllForOfferAsync(brand.Id, offer.Value.Id, cancellationToken);
        var withoutCode = CodeOperationRules.WithoutCode(command.MemberIds, offerCodes);
        if (withoutCode.Count > 0)
        {
            return TypedResults.Problem(
                title: "Some members have no code this operation can change.",
                detail: "Nothing was changed. Leave these members out, or generate their codes first.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["members"] = withoutCode.Select(m => new MemberWithoutCodeResponse(m.MemberId.Value, m.Reason)).ToArray() });
        }

        var claim = await idempotency.ClaimAsync(key, Ids.NewId(), time.GetUtcNow(), cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return IdempotencyKeys.Reused(Resource);
        }

        var operationId = claim.ResourceId;

        // Steps first, the operation row last: once the row exists, its steps are complete and never written here again.
        var operation = await operations.GetAsync(brand.Id, operationId, cancellationToken);
        if (operation is null)
        {
            var steps = CodeOperationRules.FirstSteps(command, offerCodes);
            await operations.SaveStepsAsync(brand.Id, operationId, steps, cancellationToken);
            operation = await operations.GetOrCreateAsync(CodeOperation.Start(operationId, brand.Id, offer.Value.Id, command, steps, time.GetUtcNow()), cancellationToken);
        }

        return await AcceptedAsync(operation, operations, durable, http, cancellationToken);
    }

    [Function(nameof(GetCodeOperation)), RequireScope(ApiScopes.CodesRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("A bulk code operation's status, counts and a page of per-member outcomes in request order.")]
    public static async Task<Results<Ok<CodeOperationResponse>, ProblemHttpResult>> GetCodeOperation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/code-operations/{operationId}")] HttpRequest request,
        string operationId,
        int? pageSize,
        string? continuationToken,
        CurrentBrand brand,
        HttpContext http,
        CodeOperationStore operations,
        PromoCodeStore codes,
        CancellationToken cancellationToken)
    {
        var operation = Ids.IsWellFormed(operationId) ? await operations.GetAsync(brand.Id, operationId, cancellationToken) : null;
        if (operation is null)
        {
            return ApiProblems.NotFound("The code operation");
        }

        var page = await operations.GetStepsPageAsync(brand.Id, operation.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        var reads = page.Items.Select(async step => (step.Value, Code: (await codes.GetAsync(brand.Id, operation.OfferId, step.Value.MemberId, cancellationToken))?.Value));
        var results = (await Task.WhenAll(reads)).Select(r => CodeOperationResponse.Result(r.Value, r.Code)).ToArray();
        if (!operation.IsTerminal)
        {
            http.Response.Headers.RetryAfter = "2";
        }

        return TypedResults.Ok(CodeOperationResponse.From(operation, new PagedResponse<MemberOperationResult>(results, page.ContinuationToken)));
    }

    /// <summary>
    /// Starts the orchestration unless it exists; an operation that failed is first set running again (ETag),
    /// and only the request whose write did that starts it over.
    /// </summary>
    private static async Task<Accepted<CodeOperationResponse>> AcceptedAsync(
        CodeOperation operation, CodeOperationStore operations, DurableTaskClient durable, HttpContext http, CancellationToken cancellationToken)
    {
        var input = new CodeOperationRef(operation.BrandId.Value, operation.Id, operation.Action, operation.Chunks.Count);
        if (operation.Status == CodeOperationStatus.Failed)
        {
            var resumed = false;
            operation = await operations.UpdateAsync(operation.BrandId, operation.Id, o =>
            {
                resumed = o.Status == CodeOperationStatus.Failed;
                return o.Resumed();
            }, cancellationToken);
            if (resumed)
            {
                await durable.ScheduleNewOrchestrationInstanceAsync(CodeOperationNames.RunCodeOperation, input, new StartOrchestrationOptions(operation.Id), cancellationToken);
            }
        }
        else
        {
            await durable.StartOnceAsync(CodeOperationNames.RunCodeOperation, operation.Id, input, startAt: null, cancellationToken);
        }

        http.Response.Headers.RetryAfter = "2";
        return TypedResults.Accepted($"/api/v1/code-operations/{operation.Id}", CodeOperationResponse.From(operation));
    }
}
