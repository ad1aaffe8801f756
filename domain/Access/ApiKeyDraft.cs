using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Access;

public sealed record ApiKeyDraft(string? Name, IReadOnlyList<string>? Scopes);

public sealed record ValidApiKey(string Name, IReadOnlyList<string> Scopes);

public static class ApiKeyValidator
{
    public static Validated<ValidApiKey> Validate(ApiKeyDraft draft)
    {
        var errors = new ErrorCollector();
        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", "Name is required and must be 1-100 characters.");
        }

        var scopes = draft.Scopes ?? ApiScopes.BrandScopes;
        if (scopes.Count == 0)
        {
            errors.Add("scopes", "Give at least one scope.");
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (!ApiScopes.BrandScopes.Contains(scopes[i]))
            {
                errors.Add($"scopes[{i}]", $"Unknown scope '{scopes[i]}'. Known scopes: {string.Join(", ", ApiScopes.BrandScopes)}.");
            }
        }

        return errors.ToResult(() => new ValidApiKey(name!, scopes.Distinct(StringComparer.Ordinal).ToArray()));
    }
}
