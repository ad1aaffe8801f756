using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Brands;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Brands;

[ApiArea("Brands")]
public static class BrandsApi
{

    [Function(nameof(CreateBrand)), RequireScope(ApiScopes.Operator), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Create a brand (operator key).")]
    public static async Task<Results<Created<BrandResponse>, ValidationProblem, ProblemHttpResult>> CreateBrand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands")] HttpRequest request,
        BrandDraft draft, BrandStore brands, ISecretStore secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var validated = BrandValidator.Validate(draft, TimeZoneIds.Exists);
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        var valid = validated.Value;
        var brand = valid.ToBrand(BrandId.New(), time.GetUtcNow());
        await secrets.SetAsync(brand.Id, SecretNames.ShopifyAccessToken, valid.ShopifyAccessToken, cancellationToken);
        await secrets.SetAsync(brand.Id, SecretNames.ShopifyWebhookSecret, valid.ShopifyWebhookSecret, cancellationToken);
        if (await brands.CreateAsync(brand, cancellationToken) == BrandCreateOutcome.ShopAlreadyRegistered)
        {
            return ApiProblems.Conflict("This shop already belongs to a brand.", $"{brand.ShopDomain} is registered to another brand.");
        }

        return TypedResults.Created($"/api/v1/brands/{brand.Id}", BrandResponse.From(brand));
    }

    [Function(nameof(GetBrand)), RequireScope(ApiScopes.Operator), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Read a brand (operator key).")]
    public static async Task<Results<Ok<BrandResponse>, ProblemHttpResult>> GetBrand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId}")] HttpRequest request, string brandId, BrandStore brands, CancellationToken cancellationToken)
    {
        var brand = Ids.IsWellFormed(brandId) ? await brands.GetAsync(new BrandId(brandId), cancellationToken) : null;
        return brand is null ? ApiProblems.NotFound("The brand") : TypedResults.Ok(BrandResponse.From(brand));
    }

    [Function(nameof(GetOwnBrand)), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("The brand the calling key belongs to.")]
    public static async Task<Results<Ok<BrandResponse>, ProblemHttpResult>> GetOwnBrand(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brand")] HttpRequest request, CurrentBrand current, BrandStore brands, CancellationToken cancellationToken)
    {
        var brand = await brands.GetAsync(current.Id, cancellationToken);
        return brand is null ? ApiProblems.NotFound("The brand") : TypedResults.Ok(BrandResponse.From(brand));
    }

    [Function(nameof(CreateApiKey)), RequireScope(ApiScopes.Operator), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Issue a brand API key; the key is shown only in this answer.")]
    public static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands/{brandId}/api-keys")] HttpRequest request,
        string brandId, ApiKeyDraft draft, BrandStore brands, ApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var brand = Ids.IsWellFormed(brandId) ? await brands.GetAsync(new BrandId(brandId), cancellationToken) : null;
        if (brand is null)
        {
            return ApiProblems.NotFound("The brand");
        }

        var validated = ApiKeyValidator.Validate(draft);
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        var id = ApiKeyId.New();
        var (key, hash) = ApiKeyFormat.Create(brand.Id, id);
        var stored = new StoredApiKey(id, brand.Id, validated.Value.Name, validated.Value.Scopes, hash, time.GetUtcNow(), null);
        await keys.InsertAsync(stored, cancellationToken);
        return TypedResults.Created($"/api/v1/brands/{brand.Id}/api-keys/{id}", new IssuedApiKeyResponse(id.Value, stored.Name, stored.Scopes, key, stored.CreatedAt));
    }

    [Function(nameof(ListApiKeys)), RequireScope(ApiScopes.Operator), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("List a brand's API keys (never the keys themselves).")]
    public static async Task<Results<Ok<IReadOnlyList<ApiKeyResponse>>, ProblemHttpResult>> ListApiKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId}/api-keys")] HttpRequest request,
        string brandId, BrandStore brands, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var brand = Ids.IsWellFormed(brandId) ? await brands.GetAsync(new BrandId(brandId), cancellationToken) : null;
        if (brand is null)
        {
            return ApiProblems.NotFound("The brand");
        }

        var list = await keys.ListAsync(brand.Id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>(list.Select(k => new ApiKeyResponse(k.Id.Value, k.Name, k.Scopes, k.CreatedAt, k.RevokedAt)).ToArray());
    }

    [Function(nameof(RevokeApiKey)), RequireScope(ApiScopes.Operator), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Revoke a brand API key.")]
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/brands/{brandId}/api-keys/{keyId}")] HttpRequest request,
        string brandId, string keyId, ApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = Ids.IsWellFormed(brandId) && Ids.IsWellFormed(keyId) && await keys.RevokeAsync(new BrandId(brandId), new ApiKeyId(keyId), time.GetUtcNow(), cancellationToken);
        return found ? TypedResults.NoContent() : ApiProblems.NotFound("The API key");
    }
}

public sealed record BrandResponse(string Id, string Name, string ShopDomain, string Currency, string TimeZone, string Locale, string? SenderAddress, string? SenderName, DateTimeOffset CreatedAt)
{
    public static BrandResponse From(Brand brand) =>
        new(brand.Id.Value, brand.Name, brand.ShopDomain, brand.Currency, brand.TimeZone, brand.Locale, brand.SenderAddress, brand.SenderName, brand.CreatedAt);
}

/// <summary>Returned once, when the key is issued: <see cref="Key"/> cannot be read again.</summary>
public sealed record IssuedApiKeyResponse(string Id, string Name, IReadOnlyList<string> Scopes, string Key, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

internal static class TimeZoneIds
{
    public static bool Exists(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
