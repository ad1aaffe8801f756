using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>What planning a generation came to.</summary>
public abstract record PlanningOutcome
{
    public sealed record OfferNotFound : PlanningOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : PlanningOutcome;

    public sealed record OfferClosed(string Reason) : PlanningOutcome;

    public sealed record Planned(Offer Offer, CodeBatchSelection Selection, IReadOnlyList<PlannedMember> Members) : PlanningOutcome;
}

/// <summary>
/// Gathers the chosen members, the offer and the members' existing codes, and plans every member's code.
/// Used by both preview (which also checks each code against the store) and generation.
/// </summary>
public sealed class CodeBatchPlanning(OfferStore offers, MemberStore members, ProjectStore projects, PromoCodeStore codes, CodeIndexStore codeIndex, TimeProvider time)
{
    private const int MaxParallelLookups = 16;

    public async Task<PlanningOutcome> PlanAsync(BrandId brand, string offerId, CodeBatchDraft? draft, bool checkStore, CancellationToken cancellationToken)
    {
        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return new PlanningOutcome.OfferNotFound();
        }

        var validated = CodeBatchDraftValidator.Validate(draft, time.GetUtcNow());
        if (!validated.IsValid)
        {
            return new PlanningOutcome.Invalid(validated.Errors);
        }

        if (!offer.Value.AcceptsNewCodes)
        {
            return new PlanningOutcome.OfferClosed($"The offer is {offer.Value.Status.ToString().ToLowerInvariant()}; resume it before generating codes.");
        }

        var selection = validated.Value;
        var errors = new ErrorCollector();
        var chosen = await GatherMembersAsync(brand, selection, errors, cancellationToken);
        if (errors.HasErrors)
        {
            return new PlanningOutcome.Invalid(errors.Errors);
        }

        if (chosen.Count > CodeBatch.MaxMembers)
        {
            return new PlanningOutcome.Invalid([new FieldError("projectIds", $"These projects hold {chosen.Count} members; one generation takes at most {CodeBatch.MaxMembers}.")]);
        }

        var definition = offer.Value.Definition;
        var live = (await codes.GetAllForOfferAsync(brand, offer.Value.Id, cancellationToken)).Values.Where(c => c.IsLive).Select(c => c.MemberId).ToHashSet();
        var token = definition.Discount.CodeToken;
        var plan = GenerationPlanner.Plan(chosen, selection.Overrides, live, definition.NamingStrategy, token, CryptoRandomSource.Instance);
        if (checkStore)
        {
            var taken = await TakenByOthersAsync(brand, plan, cancellationToken);
            if (taken.Count > 0)
            {
                plan = GenerationPlanner.Plan(chosen, selection.Overrides, live, definition.NamingStrategy, token, CryptoRandomSource.Instance, taken.Contains);
            }
        }

        return new PlanningOutcome.Planned(offer.Value, selection, plan);
    }

    private async Task<List<Member>> GatherMembersAsync(BrandId brand, CodeBatchSelection selection, ErrorCollector errors, CancellationToken cancellationToken)
    {
        var ordered = new List<Member>();
        var seen = new HashSet<MemberId>();
        for (var i = 0; i < selection.ProjectIds.Count; i++)
        {
            if (await projects.GetAsync(brand, selection.ProjectIds[i], cancellationToken) is null)
            {
                errors.Add($"projectIds[{i}]", "No project with this id.");
                continue;
            }

            await foreach (var entry in projects.GetMembersAsync(brand, selection.ProjectIds[i], cancellationToken))
            {
                if (OfferEligibility.IsEligibleStage(entry.Stage) && seen.Add(entry.Member.Id))
                {
                    ordered.Add(entry.Member);
                }
            }
        }

        var listed = await members.GetManyAsync(brand, selection.MemberIds, cancellationToken);
        for (var i = 0; i < selection.MemberIds.Count; i++)
        {
            if (!listed.TryGetValue(selection.MemberIds[i], out var member))
            {
                errors.Add($"memberIds[{i}]", "No member with this id.");
            }
            else if (seen.Add(member.Id))
            {
                ordered.Add(member);
            }
        }

        foreach (var overridden in selection.Overrides.Keys.Where(id => !seen.Contains(id)))
        {
            errors.Add("overrides", $"Member {overridden} has an override but is not among the chosen members.");
        }

        return ordered;
    }

    private async Task<HashSet<string>> TakenByOthersAsync(BrandId brand, IReadOnlyList<PlannedMember> plan, CancellationToken cancellationToken)
    {
        var taken = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(
            plan.Where(p => p.Code is not null),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelLookups, CancellationToken = cancellationToken },
            async (planned, ct) =>
            {
                var owner = await codeIndex.GetAsync(brand, planned.Code!, ct);
                if (owner is not null && (owner.External || owner.MemberId != planned.Member.Id))
                {
                    taken[planned.Code!] = true;
                }
            });
        return taken.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
