using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Api;

/// <summary>
/// Turns body-binding failures (malformed JSON, unknown or mistyped fields, oversized bodies) into ProblemDetails
/// whose <c>errors</c> name the offending field, or <c>$</c> for the body as a whole. Nothing has been written when
/// these happen. The kind of failure is read from the exception's type and the serializer's path, checked against
/// the operation's request type; never from message text.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems, IOptions<JsonOptions> json) : IExceptionHandler
{
    private const string Body = "$";

    private static readonly string TooLarge = $"A request body holds at most {ApiPipeline.MaxRequestBodyBytes / (1024 * 1024)} MiB.";

    /// <summary>
    /// Registers the handler, and names the body in the bare 413 the endpoint's body reader sets when the server
    /// refuses an oversized body (it answers that itself, so no exception reaches the handler).
    /// </summary>
    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddExceptionHandler<BadRequestProblems>();
        services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails += context =>
        {
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && !context.ProblemDetails.Extensions.ContainsKey("errors"))
            {
                context.ProblemDetails.Title = "The request body is too large.";
                context.ProblemDetails.Detail = TooLarge;
                context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [Body] = [TooLarge] };
            }
        });
        return services;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException invalid } => FromJson(invalid, httpContext),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new Problem(
                StatusCodes.Status413PayloadTooLarge,
                "The request body is too large.",
                Body,
                TooLarge),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new Problem(
                StatusCodes.Status415UnsupportedMediaType, "The request body has the wrong content type.", Body, exception.Message),
            BadHttpRequestException when ExpectsBody(httpContext) && !HasBody(httpContext.Request) => new Problem(
                StatusCodes.Status400BadRequest, "The request body is missing.", Body, "This operation needs a JSON body."),
            BadHttpRequestException bad => new Problem(bad.StatusCode, "The request is not valid.", null, bad.Message),
            InvalidContinuationTokenException => new Problem(StatusCodes.Status400BadRequest, "The request is not valid.", "continuationToken", exception.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = problem.Status, Title = problem.Title, Detail = problem.Detail },
        };
        if (problem.Field is not null)
        {
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [problem.Field] = [problem.Detail] };
        }

        return await problems.TryWriteAsync(context);
    }

    private static bool ExpectsBody(HttpContext httpContext) => Accepts(httpContext) is { RequestType: not null, IsOptional: false };

    // The exception handler has already cleared the request's endpoint; the feature keeps the one that failed.
    private static IAcceptsMetadata? Accepts(HttpContext httpContext) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>();

    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true && request.ContentLength != 0;

    private Problem FromJson(JsonException invalid, HttpContext httpContext)
    {
        // The serializer wraps the reader's own exception (a JsonException too) when the text is not JSON at all.
        if (invalid.InnerException is JsonException)
        {
            var where = invalid.LineNumber is { } line && invalid.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {position + 1}")
                : string.Empty;
            return new Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON.", Body, $"The body stops being valid JSON{where}.");
        }

        const string title = "The request body does not fit this operation.";
        var path = JsonFieldPath.Parse(invalid.Path);
        var requestType = Accepts(httpContext)?.RequestType;
        if (requestType is null)
        {
            return new Problem(StatusCodes.Status400BadRequest, title, path.Field, "The value is not valid for this field.");
        }

        var member = path.Resolve(json.Value.SerializerOptions.GetTypeInfo(requestType));
        return member.Known
            ? new Problem(StatusCodes.Status400BadRequest, title, path.Field, $"The value has the wrong type for this field: expected {Expected(member.Type)}.")
            : new Problem(StatusCodes.Status400BadRequest, title, path.Field, "This field is not part of the request; check its spelling.");
    }

    private string Expected(Type? type)
    {
        if (type is null)
        {
            return "another kind of value";
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // ApiJson writes enums in camelCase.
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(name => JsonNamingPolicy.CamelCase.ConvertName(name)).Select(n => $"'{n}'"));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as 2026-06-01T00:00:00Z",
            _ when type == typeof(DateOnly) => "a date such as 2026-06-01",
            _ => json.Value.SerializerOptions.GetTypeInfo(type).Kind switch
            {
                JsonTypeInfoKind.Enumerable => "an array",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
                _ => "another kind of value",
            },
        };
    }

    private sealed record Problem(int Status, string Title, string? Field, string Detail);
}

/// <summary>
/// A serializer path such as <c>$.payoutOptions[1].type</c> or <c>$['odd name']</c>: its segments, the field name
/// the API's validation errors use (<c>payoutOptions[1].type</c>, <c>$</c> for the root), and whether the request
/// type's JSON contract has such a member.
/// </summary>
internal sealed class JsonFieldPath
{
    private readonly IReadOnlyList<Segment> _segments;

    private JsonFieldPath(IReadOnlyList<Segment> segments, string field)
    {
        _segments = segments;
        Field = field;
    }

    public string Field { get; }

    public static JsonFieldPath Parse(string? path)
    {
        var segments = new List<Segment>();
        var text = path ?? "$";
        var i = text.StartsWith('$') ? 1 : 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                segments.Add(new Segment(text[(i + 1)..end], null));
                i = end;
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end;
                segments.Add(new Segment(text[(i + 2)..end], null));
                i = Math.Min(end + 2, text.Length);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                end = end < 0 ? text.Length : end;
                segments.Add(new Segment(null, text[(i + 1)..end]));
                i = Math.Min(end + 1, text.Length);
            }
            else
            {
                i++;
            }
        }

        return new JsonFieldPath(segments, segments.Count == 0 ? "$" : Describe(segments));
    }

    /// <summary>
    /// Follows the path through the request type's JSON contract: unknown when a named segment is no member of its
    /// parent; otherwise known, with the type the last segment should hold (null when an index steps into a non-array).
    /// </summary>
    public (bool Known, Type? Type) Resolve(JsonTypeInfo root)
    {
        var current = root;
        Type? type = root.Type;
        foreach (var segment in _segments)
        {
            type = segment.Name is null ? Element(current) : Member(current, segment.Name);
            if (type is null)
            {
                return (segment.Name is null, null);
            }

            current = current.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        }

        return (true, type);
    }

    private static Type? Element(JsonTypeInfo info) => info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary ? info.ElementType : null;

    private static Type? Member(JsonTypeInfo info, string name)
    {
        if (info.Kind == JsonTypeInfoKind.Dictionary)
        {
            return info.ElementType;
        }

        var comparison = info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return info.Kind == JsonTypeInfoKind.Object
            ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison))?.PropertyType
            : null;
    }

    private static string Describe(IEnumerable<Segment> segments)
    {
        var field = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Name is null)
            {
                field.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                field.Append(field.Length == 0 ? string.Empty : ".").Append(segment.Name);
            }
        }

        return field.ToString();
    }

    private sealed record Segment(string? Name, string? Index);
}
