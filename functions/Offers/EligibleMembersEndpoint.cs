using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Offers;

/// <summary>The "add members" step: who can still get a code in an offer, and the code each would get.</summary>
[ApiArea("Offers")]
public static class EligibleMembersEndpoint
{
    public const int MaxItems = 2_000;
    private const string MaxItemsText = "2,000";
    public const int MaxProjects = 20;

    // Each round checks the codes the previous plan asked about; codes still unchecked after the last round are
    // proposed as free, and the generation pipeline checks them again when it reserves them.
    private const int MaxPlanningRounds = 4;

    [Function(nameof(ListEligibleMembers)), RequireScope(ApiScopes.OffersRead), RequireScope(ApiScopes.MembersRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Members of the given projects without a code in this offer, each with the code the naming strategy proposes.")]
    [EndpointDescription($"Pass projectId once per project. Members are listed once, in project order; the answer holds at most {MaxItemsText} of them (truncated tells when there are more), all planned together so their proposed codes never clash.")]
    public static async Task<Results<Ok<EligibleMembersResponse>, ValidationProblem, ProblemHttpResult>> ListEligibleMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/eligible-members")] HttpRequest request,
        string offerId,
        string[]? projectId,
        CurrentBrand current,
        OfferStore offers,
        ProjectStore projects,
        PromoCodeStore codes,
        TakenCodeLookup takenCodes,
        CancellationToken cancellationToken)
    {
        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(current.Id, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var projectIds = await ReadProjectsAsync(projectId, current.Id, projects, cancellationToken);
        if (!projectIds.IsValid)
        {
            return ApiProblems.Validation(projectIds.Errors);
        }

        var candidates = new List<ProjectMember>();
        foreach (var project in projectIds.Value)
        {
            await foreach (var member in projects.GetMembersAsync(current.Id, project, cancellationToken))
            {
                candidates.Add(member);
            }
        }

        var existingCodes = await codes.GetAllForOfferAsync(current.Id, offer.Value.Id, cancellationToken);
        var withCode = existingCodes.Where(c => c.Value.Status != PromoCodeStatus.Failed).Select(c => c.Key).ToHashSet();
        var eligible = await PlanAsync(current.Id, offer.Value, candidates, withCode, takenCodes, cancellationToken);
        var items = eligible.Take(MaxItems).Select(EligibleMemberResponse.From).ToArray();
        return TypedResults.Ok(new EligibleMembersResponse(offer.Value.Id.Value, items, eligible.Count, eligible.Count > MaxItems));
    }

    private static async Task<IReadOnlyList<EligibleMember>> PlanAsync(
        BrandId brand, Offer offer, IReadOnlyList<ProjectMember> candidates, IReadOnlySet<MemberId> withCode, TakenCodeLookup takenCodes, CancellationToken cancellationToken)
    {
        var definition = offer.Definition;
        var known = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var random = new ReplayableRandom();
        IReadOnlyList<EligibleMember> eligible = [];
        for (var round = 0; round < MaxPlanningRounds; round++)
        {
            random.Rewind();
            var unverified = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            eligible = OfferEligibility.Find(candidates, withCode, definition.NamingStrategy, definition.Discount.CodeToken, random, code =>
            {
                if (known.TryGetValue(code, out var taken))
                {
                    return taken;
                }

                unverified.Add(code);
                return false;
            });
            if (unverified.Count == 0)
            {
                break;
            }

            var takenNow = await takenCodes.FindTakenAsync(brand, unverified, cancellationToken);
            foreach (var code in unverified)
            {
                known[code] = takenNow.Contains(code);
            }
        }

        return eligible;
    }

    private static async Task<Validated<IReadOnlyList<ProjectId>>> ReadProjectsAsync(string[]? raw, BrandId brand, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (raw is null || raw.Length == 0)
        {
            return Validated<IReadOnlyList<ProjectId>>.Fail("projectId", "Pass at least one projectId, e.g. ?projectId=a&projectId=b.");
        }

        if (raw.Length > MaxProjects)
        {
            return Validated<IReadOnlyList<ProjectId>>.Fail("projectId", $"Pass at most {MaxProjects} projects.");
        }

        var errors = new ErrorCollector();
        var ids = new List<ProjectId>();
        for (var i = 0; i < raw.Length; i++)
        {
            var field = raw.Length == 1 ? "projectId" : $"projectId[{i}]";
            var exists = Ids.IsWellFormed(raw[i]) && await projects.GetAsync(brand, new ProjectId(raw[i]), cancellationToken) is not null;
            if (!exists)
            {
                errors.Add(field, "No such project.");
            }
            else if (!ids.Contains(new ProjectId(raw[i])))
            {
                ids.Add(new ProjectId(raw[i]));
            }
        }

        return errors.ToResult<IReadOnlyList<ProjectId>>(() => ids);
    }
}

/// <param name="Total">Eligible members in all; more than the items when <paramref name="Truncated"/>.</param>
public sealed record EligibleMembersResponse(string OfferId, IReadOnlyList<EligibleMemberResponse> Items, int Total, bool Truncated);

/// <param name="Code">The code the member would get (the pattern's, or adjusted when taken); null when none could be made.</param>
/// <param name="ProposedCode">What the pattern produced before any collision suffix.</param>
/// <param name="ConflictsWith">The member who keeps a contested code.</param>
public sealed record EligibleMemberResponse(
    string MemberId,
    string Name,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Handle,
    IReadOnlyList<string> ProjectIds,
    CodePlanStatus Status,
    string? Code,
    string? ProposedCode,
    string? FailureReason,
    string? ConflictsWith)
{
    public static EligibleMemberResponse From(EligibleMember e)
    {
        var p = e.Member.Profile;
        return new EligibleMemberResponse(
            e.Member.Id.Value,
            p.Name,
            p.FirstName,
            p.LastName,
            p.Email,
            p.Handle,
            e.ProjectIds.Select(id => id.Value).ToArray(),
            e.Proposal.Status,
            e.Proposal.Code,
            e.Proposal.ProposedCode,
            e.Proposal.FailureReason,
            e.Proposal.ConflictsWith?.Value);
    }
}
