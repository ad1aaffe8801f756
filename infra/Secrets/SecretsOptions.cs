using System.ComponentModel.DataAnnotations;

namespace PromoServerless.Infra.Secrets;

public sealed class SecretsOptions : IValidatableObject
{
    public const string SectionName = "Secrets";

    /// <summary>Key Vault holding brands' secrets in Azure. When empty, secrets are kept encrypted in Table Storage.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Base64 of a 32-byte key for the table store (local runs); in Azure supply it as a Key Vault reference.</summary>
    public string? EncryptionKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeyVaultUri is not null)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(EncryptionKey))
        {
            yield return new ValidationResult("Set Secrets:KeyVaultUri, or Secrets:EncryptionKey (base64, 32 bytes).", [nameof(EncryptionKey)]);
            yield break;
        }

        Span<byte> buffer = stackalloc byte[64];
        if (!Convert.TryFromBase64String(EncryptionKey, buffer, out var length) || length != 32)
        {
            yield return new ValidationResult("Secrets:EncryptionKey must be base64 of exactly 32 bytes.", [nameof(EncryptionKey)]);
        }
    }
}
