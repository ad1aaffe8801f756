using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Codes.Operations;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

public static class CodeOperationsApi
{
    private const string Operation = "code-operations";

    public static RouteHandlerBuilder MapCodeOperationsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/offers/{offerId}/codes/operations", RunAsync).WithName("StartCodeOperation")
            .WithTags("Codes")
            .RequireScope(ApiScopes.CodesWrite)
            .WithSummary("Rename, deactivate, reactivate or re-date up to 250 members' codes, in Shopify too. Needs an Idempotency-Key; answers each member's outcome.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Results<Ok<CodeOperationResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        string offerId,
        CodeOperationRequest request,
        CurrentBrand brand,
        HttpContext http,
        OfferStore offers,
        PromoCodeStore codes,
        IdempotencyStore idempotency,
        CodeOperationRunner runner,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (key, keyError) = IdempotencyKeyHeader.Read(http.Request);
        if (key is null)
        {
            return ApiProblems.Validation(IdempotencyKeyHeader.Name, keyError!);
        }

        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand.Id, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var validated = CodeOperationValidator.Validate(request, time.GetUtcNow(), offer.Value.Definition.NamingStrategy.MaxLength);
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
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

        var fingerprint = IdempotencyStore.Fingerprint(offerId + "\n" + JsonSerializer.Serialize(request));
        var claim = await idempotency.ClaimAsync(brand.Id, Operation, key, fingerprint, Ids.NewId(), time.GetUtcNow(), cancellationToken);
        if (claim.Outcome == IdempotencyOutcome.Mismatch)
        {
            return ApiProblems.Unprocessable("This Idempotency-Key was used for a different request.", "Use a new key for a new operation.");
        }

        switch (await runner.RunAsync(brand.Id, offer.Value, claim.ResourceId, command, cancellationToken))
        {
            case OperationOutcome.Finished finished:
                var now = await codes.GetAllForOfferAsync(brand.Id, offer.Value.Id, cancellationToken);
                return TypedResults.Ok(CodeOperationResponse.From(finished.Operation, finished.Steps, now));
            default:
                http.Response.Headers.RetryAfter = "5";
                return ApiProblems.Conflict("This operation is running.", "A request with the same Idempotency-Key is being processed; retry shortly to get its result.");
        }
    }
}
