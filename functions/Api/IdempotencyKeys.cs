using System.Diagnostics.CodeAnalysis;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Api;

/// <summary>The <c>Idempotency-Key</c> header every POST that starts work requires.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;
}

/// <summary>
/// The one Idempotency-Key path of the POSTs that start work (code batches, code operations, email sends, payouts):
/// read and check the header, fingerprint the request (the route's scope and the body), then, through
/// <see cref="IdempotencyStore"/>, find what an earlier request with the key started or claim the key for a new
/// resource id. The same key with the same request answers the same resource; with a different request,
/// <see cref="Reused"/>.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The request the header's key stands for, or the field error (naming the header) when it is missing or malformed.</summary>
    public static bool TryRead<TBody>(
        HttpRequest request,
        BrandId brand,
        string operation,
        string scope,
        TBody body,
        [NotNullWhen(true)] out IdempotentRequest? keyed,
        [NotNullWhen(false)] out FieldError? error)
    {
        var value = request.Headers[IdempotencyKeyHeader.Name].ToString();
        error = value switch
        {
            "" => new FieldError(IdempotencyKeyHeader.Name, $"The {IdempotencyKeyHeader.Name} header is required: a unique value per operation (e.g. a UUID), reused only when retrying it."),
            _ when value.Length > IdempotencyKeyHeader.MaxLength || value.Any(c => c < 0x21 || c > 0x7E) =>
                new FieldError(IdempotencyKeyHeader.Name, $"The {IdempotencyKeyHeader.Name} header must be 1-{IdempotencyKeyHeader.MaxLength} printable ASCII characters without spaces."),
            _ => null,
        };
        keyed = error is null ? IdempotentRequest.For(brand, operation, value, scope, body) : null;
        return keyed is not null;
    }

    /// <summary>The 422 for a key already used for a different request.</summary>
    public static ProblemHttpResult Reused(string resource) =>
        ApiProblems.Unprocessable("This Idempotency-Key was used for a different request.", $"Use a new key for a new {resource}; reuse a key only to retry the very same request.");
}
