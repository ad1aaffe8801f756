using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Api;

/// <summary>
/// Turns body-binding failures (malformed JSON, unknown or mistyped fields, oversized bodies) into
/// ProblemDetails that name the offending field. Nothing has been written when these happen.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, field, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, "The request body is not valid JSON for this operation.", FieldFromPath(json.Path), Describe(json)),
            BadHttpRequestException { StatusCode: 413 } => (413, "The request body is too large.", (string?)null, exception.Message),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", null, bad.Message),
            InvalidContinuationTokenException => (400, "The request is not valid.", "continuationToken", exception.Message),
            _ => (0, string.Empty, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (field is not null)
        {
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail ?? title] };
        }

        return await problems.TryWriteAsync(context);
    }

    private static string FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Describe(JsonException json)
    {
        // The serializer's message names .NET types; keep only the part a client can act on.
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "This field is not part of the request; check its spelling.";
        }

        return message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong type for this field."
            : message;
    }
}
