using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Members;

/// <summary>A member as a client sends it (one JSON object, or one import row).</summary>
public sealed record MemberDraft
{
    /// <summary>Full display name; split into first/last when those are missing.</summary>
    public string? Name { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }

    /// <summary>Social handle, with or without a leading '@'.</summary>
    public string? Handle { get; init; }

    /// <summary>The brand's own id for the member (e.g. from its CRM); identifies the member when present.</summary>
    public string? ExternalId { get; init; }
}

/// <summary>
/// How a member is recognised across imports: the external id when there is one, else the email
/// lower-cased. The prefix keeps an external id that looks like an email apart from an email.
/// </summary>
public readonly record struct MemberIdentityKey(string Value)
{
    public static MemberIdentityKey For(string? externalId, string? email) =>
        !string.IsNullOrWhiteSpace(externalId)
            ? new("ext:" + externalId.Trim())
            : new("email:" + (email ?? string.Empty).Trim().ToLowerInvariant());

    public override string ToString() => Value;
}

/// <summary>A validated member. <see cref="Name"/> is always set; the handle is stored without '@'.</summary>
public sealed record MemberProfile(string Name, string? FirstName, string? LastName, string? Email, string? Handle, string? ExternalId)
{
    public MemberIdentityKey Identity => MemberIdentityKey.For(ExternalId, Email);

    public NamingSubject ToNamingSubject() => new(FirstName, LastName, Handle);

    /// <summary>
    /// The profile an import row leaves behind when applied to an existing member: the name fields travel
    /// together (a row that names the member replaces all three), other fields replace only when given.
    /// </summary>
    public MemberProfile ApplyTo(MemberProfile existing, bool rowNamesMember) => new(
        rowNamesMember ? Name : existing.Name,
        rowNamesMember ? FirstName : existing.FirstName,
        rowNamesMember ? LastName : existing.LastName,
        Email ?? existing.Email,
        Handle ?? existing.Handle,
        ExternalId ?? existing.ExternalId);
}

public sealed record Member(MemberId Id, BrandId BrandId, MemberProfile Profile, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
