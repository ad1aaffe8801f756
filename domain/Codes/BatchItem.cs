using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;

namespace PromoServerless.Domain.Codes;

public enum BatchItemState
{
    /// <summary>A code is planned; not yet reserved in the store's index.</summary>
    Planned,

    /// <summary>The code is reserved for this member; not yet confirmed by Shopify.</summary>
    Reserved,

    /// <summary>Shopify has the code.</summary>
    Created,

    Failed,
}

/// <summary>
/// One member of a generation. <see cref="Attempt"/> is the collision-policy attempt that produced
/// <see cref="Code"/> (1 = as planned), so a retry continues where the last try stopped.
/// </summary>
public sealed record BatchItem(
    MemberId MemberId,
    int Chunk,
    BatchItemState State,
    string? Code,
    int Attempt,
    bool IsOverride,
    string? FirstName,
    string? LastName,
    string? Handle,
    string? FailureReason = null,
    string? PlannedCode = null,
    CodeFailureKind? FailureKind = null)
{
    public const string MemberHasLiveCodeReason = "The member already has a live code in this offer from another generation.";

    public bool IsFinished => State is BatchItemState.Created or BatchItemState.Failed;

    /// <summary>Failed because another generation holds the member's code row: this item owns no code row.</summary>
    public bool LostMemberClaim => State == BatchItemState.Failed && FailureKind == CodeFailureKind.MemberHasLiveCode;

    public BatchItem Fail(CodeFailureKind kind, string reason) => this with { State = BatchItemState.Failed, FailureKind = kind, FailureReason = reason };
}
