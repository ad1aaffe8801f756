using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Codes.Operations;

/// <summary>What a client sends to change members' codes in bulk. Read loosely, then checked by <see cref="CodeOperationValidator"/>.</summary>
public sealed record CodeOperationRequest
{
    /// <summary><c>rename</c>, <c>deactivate</c>, <c>reactivate</c> or <c>changeDates</c>.</summary>
    public string? Action { get; init; }

    public IReadOnlyList<string?>? MemberIds { get; init; }

    /// <summary>For <c>rename</c>: each listed member's new code, by member id.</summary>
    public IReadOnlyDictionary<string, string?>? Codes { get; init; }

    /// <summary>For <c>changeDates</c>.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>For <c>changeDates</c>; absent means the codes never end.</summary>
    public DateTimeOffset? EndsAt { get; init; }
}

public enum CodeOperationAction
{
    Rename,
    Deactivate,
    Reactivate,
    ChangeDates,
}

/// <summary>A request whose shape is valid. <see cref="NewCodes"/> are upper-cased; members keep the client's order.</summary>
public sealed record CodeOperationCommand(
    CodeOperationAction Action,
    IReadOnlyList<MemberId> MemberIds,
    IReadOnlyDictionary<MemberId, string> NewCodes,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt);
