namespace PromoServerless.Domain.Common;

/// <summary>Creates identifiers that sort by creation time, so table rows keyed by id list oldest first.</summary>
public static class Ids
{
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Whether <paramref name="value"/> has the shape of an id we issue: 32 lower-case hex digits.
    /// Anything else cannot name a row, so callers answer 404 without touching storage.</summary>
    public static bool IsWellFormed(string? value) => value is { Length: 32 } && value.All(char.IsAsciiHexDigitLower);
}

public readonly record struct BrandId(string Value)
{
    public static BrandId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public readonly record struct OfferId(string Value)
{
    public static OfferId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public readonly record struct MemberId(string Value)
{
    public static MemberId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public readonly record struct ProjectId(string Value)
{
    public static ProjectId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public readonly record struct CodeBatchId(string Value)
{
    public static CodeBatchId New() => new(Ids.NewId());
    public override string ToString() => Value;
}

public readonly record struct EmailSendId(string Value)
{
    public static EmailSendId New() => new(Ids.NewId());

    /// <summary>The id of the one send that <paramref name="origin"/> (a batch, an operation's change) makes: a hash, shaped like every other id.</summary>
    public static EmailSendId For(string origin) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("email-send:" + origin)).AsSpan(0, 16)));

    public override string ToString() => Value;
}

public readonly record struct ApiKeyId(string Value)
{
    public static ApiKeyId New() => new(Ids.NewId());
    public override string ToString() => Value;
}
