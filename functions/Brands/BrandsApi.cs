using PromoServerless.Domain.Access;
using PromoServerless.Domain.Brands;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Secrets;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Brands;

public static class BrandsApi
{
    public static RouteGroupBuilder MapBrandsApi(this IEndpointRouteBuilder app)
    {
        var operatorGroup = app.MapKeyedApiGroup("/brands", "Brands").RequireAuthorization(ApiScopes.Operator);
        operatorGroup.MapPost("/", CreateBrand).WithName("CreateBrand").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a brand (operator key).");
        operatorGroup.MapGet("/{brandId}", GetBrand).WithName("GetBrand").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Read a brand (operator key).");
        operatorGroup.MapPost("/{brandId}/api-keys", CreateApiKey).WithName("CreateApiKey").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Issue a brand API key; the key is shown only in this answer.");
        operatorGroup.MapGet("/{brandId}/api-keys", ListApiKeys).WithName("ListApiKeys").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("List a brand's API keys (never the keys themselves).");
        operatorGroup.MapDelete("/{brandId}/api-keys/{keyId}", RevokeApiKey).WithName("RevokeApiKey").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Revoke a brand API key.");

        app.MapGet("/api/v1/brand", GetOwnBrand).WithName("GetOwnBrand").WithTags("Brands").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("The brand the calling key belongs to.");
        return operatorGroup;
    }

    public static async Task<Results<Created<BrandResponse>, ValidationProblem, ProblemHttpResult>> CreateBrand(
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

    public static async Task<Results<Ok<BrandResponse>, ProblemHttpResult>> GetBrand(string brandId, BrandStore brands, CancellationToken cancellationToken)
    {
        var brand = Ids.IsWellFormed(brandId) ? await brands.GetAsync(new BrandId(brandId), cancellationToken) : null;
        return brand is null ? ApiProblems.NotFound("The brand") : TypedResults.Ok(BrandResponse.From(brand));
    }

    public static async Task<Results<Ok<BrandResponse>, ProblemHttpResult>> GetOwnBrand(CurrentBrand current, BrandStore brands, CancellationToken cancellationToken)
    {
        var brand = await brands.GetAsync(current.Id, cancellationToken);
        return brand is null ? ApiProblems.NotFound("The brand") : TypedResults.Ok(BrandResponse.From(brand));
    }

    public static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateApiKey(
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

    public static async Task<Results<Ok<IReadOnlyList<ApiKeyResponse>>, ProblemHttpResult>> ListApiKeys(
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

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
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
