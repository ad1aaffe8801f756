using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Infra.Secrets;

/// <summary>Secrets sealed with AES-GCM in a table, for local runs and tests where no Key Vault exists.</summary>
public sealed class TableSecretStore : ISecretStore
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly DocumentTable<SealedSecret> _table;
    private readonly byte[] _key;

    public TableSecretStore(StorageClients storage, IOptions<SecretsOptions> options)
    {
        _table = new DocumentTable<SealedSecret>(storage.Table(TableNames.Secrets));
        _key = Convert.FromBase64String(options.Value.EncryptionKey!);
    }

    public async Task SetAsync(BrandId brand, string name, string value, CancellationToken cancellationToken)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(brand, name));
        }

        await _table.UpsertAsync(Keys.Brand(brand), name, new SealedSecret(Convert.ToBase64String(nonce), Convert.ToBase64String(cipher), Convert.ToBase64String(tag)), cancellationToken);
    }

    public async Task<string?> GetAsync(BrandId brand, string name, CancellationToken cancellationToken)
    {
        var stored = await _table.GetAsync(Keys.Brand(brand), name, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var cipher = Convert.FromBase64String(stored.Value.Cipher);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(Convert.FromBase64String(stored.Value.Nonce), cipher, Convert.FromBase64String(stored.Value.Tag), plain, AssociatedData(brand, name));
        return Encoding.UTF8.GetString(plain);
    }

    // Binding the brand and name into the tag stops a sealed value being copied to another brand's row.
    private static byte[] AssociatedData(BrandId brand, string name) => Encoding.UTF8.GetBytes($"{brand.Value}/{name}");

    public sealed record SealedSecret(string Nonce, string Cipher, string Tag);
}
