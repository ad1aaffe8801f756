namespace PromoServerless.Domain.Naming;

/// <summary>Why a member got no code. Decisions use the kind; the reason text beside it is for people.</summary>
public enum CodeFailureKind
{
    /// <summary>The member is listed more than once in the request.</summary>
    DuplicateMember,

    /// <summary>The code the user typed breaks the code rules.</summary>
    InvalidOverride,

    /// <summary>Another member of this batch keeps the code.</summary>
    TakenInBatch,

    /// <summary>The code is used in the store: by another generation or outside this product.</summary>
    TakenInStore,

    /// <summary>The collision policy ran out of candidates.</summary>
    NoFreeCode,

    /// <summary>The naming pattern cannot make a code from the member's details.</summary>
    NoCode,

    /// <summary>The member already has a live code in this offer, so this generation owns no code row for them.</summary>
    MemberHasLiveCode,

    /// <summary>The request named a member id that does not exist.</summary>
    UnknownMember,

    /// <summary>The request has an override for a member who is not among the chosen members.</summary>
    StrayOverride,

    /// <summary>Shopify refused the code for a reason other than it being taken.</summary>
    RefusedByShopify,

    /// <summary>Shopify did not confirm the code after several tries.</summary>
    NotConfirmed,

    /// <summary>The generation failed as a whole, e.g. its discount could not be created.</summary>
    BatchFailed,
}
