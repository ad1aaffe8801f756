using System.Security.Cryptography;
using System.Text;

namespace PromoServerless.Infra.Tables;

/// <summary>Row keys made from client text, which may hold characters Table Storage refuses in keys (/ \ # ?).</summary>
public static class RowKeys
{
    /// <summary>The SHA-256 of the text as 64 lower-case hex digits: always a valid key, whatever the text.</summary>
    public static string Hashed(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
