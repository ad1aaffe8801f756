using Azure;
using Azure.Security.KeyVault.Secrets;
using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Secrets;

/// <summary>Brands' secrets in Azure Key Vault, named <c>brand-{id}-{name}</c>.</summary>
public sealed class KeyVaultSecretStore(SecretClient client) : ISecretStore
{
    public Task SetAsync(BrandId brand, string name, string value, CancellationToken cancellationToken) =>
        client.SetSecretAsync(SecretName(brand, name), value, cancellationToken);

    public async Task<string?> GetAsync(BrandId brand, string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.GetSecretAsync(SecretName(brand, name), cancellationToken: cancellationToken);
            return secret.Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string SecretName(BrandId brand, string name) => $"brand-{brand.Value}-{name}";
}
