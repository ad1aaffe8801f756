using PromoServerless.Domain.Common;

namespace PromoServerless.Functions.Api;

/// <summary>RFC 9457 answers for expected failures, one message per invalid field.</summary>
public static class ApiProblems
{
    public static ValidationProblem Validation(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request has invalid fields.");

    public static ValidationProblem Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult PreconditionFailed() =>
        TypedResults.Problem(
            title: "The resource has changed.",
            detail: "The If-Match ETag is not the current one. Read the resource again and retry with its ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed);

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(
            title: "If-Match is required.",
            detail: "Send the ETag you last read in If-Match, so a concurrent change is never overwritten.",
            statusCode: StatusCodes.Status428PreconditionRequired);

    public static ProblemHttpResult Unprocessable(string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity);
}
