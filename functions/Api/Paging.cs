namespace PromoServerless.Functions.Api;

/// <summary>A page of results; pass <see cref="ContinuationToken"/> back to read the next one.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public static int Size(int? requested) => Math.Clamp(requested ?? DefaultPageSize, 1, MaxPageSize);
}
