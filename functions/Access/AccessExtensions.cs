using Microsoft.AspNetCore.Authentication;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;

namespace PromoServerless.Functions.Access;

public static class AccessExtensions
{
    public static IServiceCollection AddApiKeyAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiScopes.Operator, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Operator));
        foreach (var scope in ApiScopes.BrandScopes)
        {
            services.AddAuthorizationBuilder().AddPolicy(scope, p => p
                .RequireClaim(ApiKeyAuthenticationHandler.BrandClaim)
                .RequireAssertion(c => ApiScopes.Grants(c.User.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(x => x.Value).ToArray(), scope)));
        }

        return services;
    }

    /// <summary>
    /// A route group below <c>/api/v1</c> whose every endpoint needs a key, documented with the 401 and 403
    /// answers that follow from that; each endpoint (or the group) adds the scope it needs.
    /// </summary>
    public static RouteGroupBuilder MapKeyedApiGroup(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup("/api/v1" + prefix).WithTags(tag).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Requires a brand key holding <paramref name="scope"/> (a write scope also grants its read).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope);
}

/// <summary>The brand whose key made the request. Handlers take it as a parameter; every store call is scoped by it.</summary>
public sealed record CurrentBrand(BrandId Id)
{
    public static ValueTask<CurrentBrand?> BindAsync(HttpContext context)
    {
        var claim = context.User.FindFirst(ApiKeyAuthenticationHandler.BrandClaim)?.Value;
        return ValueTask.FromResult(claim is null ? null : new CurrentBrand(new BrandId(claim)));
    }
}
