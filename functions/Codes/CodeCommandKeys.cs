using System.Diagnostics.CodeAnalysis;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// The Idempotency-Key steps the two Codes commands (generate codes, operate on codes) share: read the key, find what
/// an earlier request with it started, refuse a key that was used for a different request.
/// </summary>
internal static class CodeCommandKeys
{
    /// <summary>The request's key, or the 400 that names the header.</summary>
    public static bool TryRead(HttpRequest request, [NotNullWhen(true)] out string? key, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        (key, var error) = IdempotencyKeyHeader.Read(request);
        problem = key is null ? ApiProblems.Validation(IdempotencyKeyHeader.Name, error!) : null;
        return key is not null;
    }

    /// <summary>The resource an earlier request with this key started (null if none), or the 422 when that request was a different one.</summary>
    public static async Task<(string? ResourceId, ProblemHttpResult? Refusal)> FindEarlierAsync(
        IdempotencyStore idempotency, BrandId brand, string operation, string key, string fingerprint, string resource, CancellationToken cancellationToken)
    {
        var earlier = await idempotency.FindAsync(brand, operation, key, fingerprint, cancellationToken);
        return earlier?.Outcome == IdempotencyOutcome.Mismatch ? (null, Reused(resource)) : (earlier?.ResourceId, null);
    }

    /// <summary>Claims the key for <paramref name="newResourceId"/>: the id the key stands for, with the 422 when it was used for a different request.</summary>
    public static async Task<(string ResourceId, ProblemHttpResult? Refusal)> ClaimAsync(
        IdempotencyStore idempotency, BrandId brand, string operation, string key, string fingerprint, string newResourceId, DateTimeOffset now, string resource, CancellationToken cancellationToken)
    {
        var claim = await idempotency.ClaimAsync(brand, operation, key, fingerprint, newResourceId, now, cancellationToken);
        return (claim.ResourceId, claim.Outcome == IdempotencyOutcome.Mismatch ? Reused(resource) : null);
    }

    private static ProblemHttpResult Reused(string resource) =>
        ApiProblems.Unprocessable("This Idempotency-Key was used for a different request.", $"Use a new key for a new {resource}.");
}
