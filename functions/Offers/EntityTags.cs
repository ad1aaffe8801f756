using System.Buffers.Text;
using System.Text;

namespace PromoServerless.Functions.Offers;

/// <summary>
/// HTTP entity tags for stored rows. Table Storage ETags are weak (<c>W/"datetime'…'"</c>) and If-Match needs a
/// strong comparison, so the storage ETag travels as an opaque strong tag: its UTF-8 bytes in base64url, quoted.
/// </summary>
public static class EntityTags
{
    public static string ToHeader(string storageETag) => $"\"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageETag))}\"";

    /// <summary>What If-Match asks for.</summary>
    public static IfMatch ReadIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return IfMatch.Missing;
        }

        if (header == "*")
        {
            return IfMatch.Any;
        }

        var tags = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(FromHeader)
            .OfType<string>()
            .ToArray();
        return new IfMatch(true, false, tags);
    }

    private static string? FromHeader(string tag)
    {
        // A weak tag never matches under If-Match's strong comparison; ours are never weak.
        if (tag.Length < 2 || tag[0] != '"' || tag[^1] != '"')
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(tag.AsSpan(1, tag.Length - 2)));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>An If-Match header: absent, <c>*</c>, or a list of storage ETags (unreadable tags dropped, so they never match).</summary>
public sealed record IfMatch(bool IsPresent, bool IsAny, IReadOnlyList<string> ETags)
{
    public static IfMatch Missing { get; } = new(false, false, []);

    public static IfMatch Any { get; } = new(true, true, []);

    public bool Matches(string storageETag) => IsAny || ETags.Contains(storageETag, StringComparer.Ordinal);
}
