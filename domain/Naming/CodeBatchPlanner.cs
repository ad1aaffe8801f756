using PromoServerless.Domain.Common;

namespace PromoServerless.Domain.Naming;

/// <summary>One member to plan a code for; <see cref="OverrideCode"/> is what the user typed, if anything.</summary>
public sealed record CodeRequest(MemberId MemberId, NamingSubject Subject, string? OverrideCode = null);

public enum CodePlanStatus
{
    /// <summary>The pattern's code, free as proposed.</summary>
    Proposed,

    /// <summary>The pattern's code was taken; a suffix made it free.</summary>
    Adjusted,

    /// <summary>The user's own code.</summary>
    Overridden,

    /// <summary>No code: see the reason.</summary>
    Failed,
}

/// <summary>
/// The outcome for one member. <see cref="ProposedCode"/> is what the pattern (or the user) asked for,
/// <see cref="Code"/> what the member gets; <see cref="ConflictsWith"/> names the member who kept a contested code.
/// </summary>
public sealed record PlannedCode(
    MemberId MemberId,
    CodePlanStatus Status,
    string? Code,
    string? ProposedCode,
    string? FailureReason,
    MemberId? ConflictsWith = null,
    CodeFailureKind? FailureKind = null)
{
    public bool Succeeded => Status != CodePlanStatus.Failed;
}

/// <summary>Every member's planned code, in the order requested.</summary>
public sealed record CodeBatchPlan(IReadOnlyList<PlannedCode> Items)
{
    public IEnumerable<PlannedCode> Succeeded => Items.Where(i => i.Succeeded);

    public IEnumerable<PlannedCode> Failed => Items.Where(i => !i.Succeeded);

    /// <summary>Members whose code collided with another member's in this batch.</summary>
    public IEnumerable<PlannedCode> Conflicts => Items.Where(i => i.ConflictsWith is not null);
}

/// <summary>
/// Gives every member of one generation a distinct code. User-typed codes are claimed first (the first
/// member to type a code keeps it; a later identical one fails, since we never change a typed code).
/// Pattern codes follow in request order: the first member keeps a code, later ones get the
/// collision policy's next candidate. Codes compare case-insensitively, like Shopify.
/// </summary>
public static class CodeBatchPlanner
{
    public static CodeBatchPlan Plan(
        IReadOnlyList<CodeRequest> requests,
        NamingStrategy strategy,
        string discountToken,
        IRandomSource random,
        Func<string, bool>? isTakenInStore = null)
    {
        var takenInStore = isTakenInStore ?? (_ => false);
        var owners = new Dictionary<string, MemberId>(StringComparer.OrdinalIgnoreCase);
        var results = new PlannedCode?[requests.Count];
        var seenMembers = new HashSet<MemberId>();

        for (var i = 0; i < requests.Count; i++)
        {
            if (!seenMembers.Add(requests[i].MemberId))
            {
                results[i] = Failed(requests[i], null, CodeFailureKind.DuplicateMember, "The member is listed more than once in this batch.");
            }
            else if (requests[i].OverrideCode is not null)
            {
                results[i] = ClaimOverride(requests[i], strategy, owners, takenInStore);
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            results[i] ??= ClaimProposal(requests[i], strategy, discountToken, random, owners, takenInStore);
        }

        return new CodeBatchPlan(results.Select(r => r!).ToArray());
    }

    private static PlannedCode ClaimOverride(CodeRequest request, NamingStrategy strategy, Dictionary<string, MemberId> owners, Func<string, bool> takenInStore)
    {
        var validated = CodeOverride.Validate(request.OverrideCode, strategy.MaxLength);
        if (!validated.IsValid)
        {
            return Failed(request, request.OverrideCode, CodeFailureKind.InvalidOverride, string.Join(" ", validated.Errors.Select(e => e.Message)));
        }

        var code = validated.Value;
        if (owners.TryGetValue(code, out var owner))
        {
            return Failed(request, code, CodeFailureKind.TakenInBatch, $"The code {code} is already chosen for another member in this batch.") with { ConflictsWith = owner };
        }

        if (takenInStore(code))
        {
            return Failed(request, code, CodeFailureKind.TakenInStore, $"The code {code} is already used in this store.");
        }

        owners[code] = request.MemberId;
        return new PlannedCode(request.MemberId, CodePlanStatus.Overridden, code, code, null);
    }

    private static PlannedCode ClaimProposal(
        CodeRequest request,
        NamingStrategy strategy,
        string discountToken,
        IRandomSource random,
        Dictionary<string, MemberId> owners,
        Func<string, bool> takenInStore)
    {
        var proposal = CodeProposer.Propose(strategy, request.Subject, discountToken, random);
        if (proposal.Candidate is null)
        {
            return Failed(request, null, CodeFailureKind.NoCode, proposal.FailureReason!);
        }

        var proposed = proposal.Candidate.Value;
        var resolution = CollisionResolver.Resolve(proposal.Candidate, strategy, code => owners.ContainsKey(code) || takenInStore(code), random);
        MemberId? rival = owners.TryGetValue(proposed, out var owner) ? owner : null;
        if (resolution.Code is null)
        {
            return Failed(request, proposed, CodeFailureKind.NoFreeCode, $"No free code found after {resolution.Attempts} attempts starting from {proposed}.") with { ConflictsWith = rival };
        }

        owners[resolution.Code] = request.MemberId;
        var status = resolution.Attempts == 1 ? CodePlanStatus.Proposed : CodePlanStatus.Adjusted;
        return new PlannedCode(request.MemberId, status, resolution.Code, proposed, null, rival);
    }

    private static PlannedCode Failed(CodeRequest request, string? proposed, CodeFailureKind kind, string reason) =>
        new(request.MemberId, CodePlanStatus.Failed, null, proposed, reason, FailureKind: kind);
}
