using System.Buffers.Text;
using System.Text;

namespace PromoServerless.Infra.Tables;

/// <summary>Turns Table Storage continuation tokens into opaque URL-safe strings for API clients, and back.</summary>
public static class ContinuationTokens
{
    public static string? Encode(string? token) =>
        string.IsNullOrEmpty(token) ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException();
        }
    }
}

/// <summary>A client sent a continuation token we did not issue.</summary>
public sealed class InvalidContinuationTokenException : Exception
{
    public InvalidContinuationTokenException()
        : base("The continuation token is not valid.")
    {
    }
}
