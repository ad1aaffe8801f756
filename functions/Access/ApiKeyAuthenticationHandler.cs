using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Access;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Access;

/// <summary>Authenticates <c>x-api-key</c>: the operator key from configuration, or a brand key from storage.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorOptions> operatorOptions,
    ApiKeyStore keys,
    IMemoryCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";
    public const string BrandClaim = "brand";
    public const string ScopeClaim = "scope";

    // Revoking a key takes effect within this time on every instance.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        if (IsOperatorKey(presented))
        {
            return Success(new Claim(ScopeClaim, ApiScopes.Operator));
        }

        if (!ApiKeyFormat.TryParse(presented, out var brand, out var id, out var secret))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var cacheKey = "apikey:" + ApiKeyFormat.Hash(presented);
        if (!cache.TryGetValue(cacheKey, out StoredApiKey? stored))
        {
            stored = await keys.GetAsync(brand, id, Context.RequestAborted);
            if (stored is not null && (!ApiKeyFormat.Matches(secret, stored.SecretHash) || stored.RevokedAt is not null))
            {
                stored = null;
            }

            cache.Set(cacheKey, stored, CacheFor);
        }

        if (stored is null)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        return Success([new Claim(BrandClaim, stored.BrandId.Value), .. stored.Scopes.Select(s => new Claim(ScopeClaim, s))]);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Missing or invalid API key", $"Send a valid key in the {HeaderName} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Insufficient scope", "The API key does not have the scope this operation needs.");

    private bool IsOperatorKey(string presented)
    {
        var expected = operatorOptions.Value.ApiKey;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
