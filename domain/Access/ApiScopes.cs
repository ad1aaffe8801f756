namespace PromoServerless.Domain.Access;

/// <summary>What a brand API key may do. Reads of a feature come with its write scope.</summary>
public static class ApiScopes
{
    public const string OffersRead = "offers:read";
    public const string OffersWrite = "offers:write";
    public const string MembersRead = "members:read";
    public const string MembersWrite = "members:write";
    public const string CodesRead = "codes:read";
    public const string CodesWrite = "codes:write";
    public const string EmailsSend = "emails:send";
    public const string SalesRead = "sales:read";
    public const string SalesWrite = "sales:write";
    public const string WebhooksRead = "webhooks:read";
    public const string WebhooksWrite = "webhooks:write";

    /// <summary>Held only by the operator key from configuration: manages brands and their keys.</summary>
    public const string Operator = "operator";

    public static IReadOnlyList<string> BrandScopes { get; } =
        [OffersRead, OffersWrite, MembersRead, MembersWrite, CodesRead, CodesWrite, EmailsSend, SalesRead, SalesWrite, WebhooksRead, WebhooksWrite];

    public static bool Grants(IReadOnlyCollection<string> held, string required) =>
        held.Contains(required) || (required.EndsWith(":read", StringComparison.Ordinal) && held.Contains(required[..^":read".Length] + ":write"));
}
