using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Blobs;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>What checking a draft against the offer came to, before any member is looked at.</summary>
public abstract record DraftCheck
{
    public sealed record OfferNotFound : DraftCheck;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : DraftCheck;

    public sealed record OfferClosed(string Reason) : DraftCheck;

    public sealed record Accepted(Offer Offer, CodeBatchSelection Selection) : DraftCheck;
}

/// <summary>What previewing a generation came to.</summary>
public abstract record PreviewOutcome
{
    public sealed record Refused(DraftCheck Check) : PreviewOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : PreviewOutcome;

    public sealed record Planned(Offer Offer, IReadOnlyList<PlannedMember> Members) : PreviewOutcome;
}

/// <summary>The chosen members, and what the request named that is not a member to plan.</summary>
public sealed record ChosenMembers(IReadOnlyList<Member> Members, IReadOnlyList<int> UnknownProjects, IReadOnlyList<MemberId> UnknownMembers, IReadOnlyList<MemberId> StrayOverrides);

/// <summary>
/// Checks a draft, gathers the chosen members with the offer's existing codes, and plans every member's code:
/// for the preview (which also checks each code against the store and answers field errors), and for the
/// <c>PlanCodeBatch</c> activity (which lays the plan out as the batch's items, failed members included).
/// </summary>
public sealed class CodeBatchPlanning(
    OfferStore offers,
    MemberStore members,
    ProjectStore projects,
    PromoCodeStore codes,
    CodeIndexStore codeIndex,
    CodeBatchStore batches,
    CodeBatchFiles files,
    TimeProvider time)
{
    private const int MaxParallelLookups = 16;

    /// <summary>The checks the 202 path makes: the offer, the draft's shape, the offer taking codes, the projects existing.</summary>
    public async Task<DraftCheck> CheckAsync(BrandId brand, string offerId, CodeBatchDraft? draft, CancellationToken cancellationToken)
    {
        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return new DraftCheck.OfferNotFound();
        }

        var validated = CodeBatchDraftValidator.Validate(draft, time.GetUtcNow());
        if (!validated.IsValid)
        {
            return new DraftCheck.Invalid(validated.Errors);
        }

        if (!offer.Value.AcceptsNewCodes)
        {
            return new DraftCheck.OfferClosed($"The offer is {offer.Value.Status.ToString().ToLowerInvariant()}; resume it before generating codes.");
        }

        var selection = validated.Value;
        var errors = new ErrorCollector();
        if (draft!.PayoutOption is { } payout && PayoutOption.Find(offer.Value.Definition.PayoutOptions, payout) is null)
        {
            errors.Add("payoutOption", "Name one of the offer's payout options by its label.");
        }

        for (var i = 0; i < selection.ProjectIds.Count; i++)
        {
            if (await projects.GetAsync(brand, selection.ProjectIds[i], cancellationToken) is null)
            {
                errors.Add($"projectIds[{i}]", "No project with this id.");
            }
        }

        return errors.HasErrors ? new DraftCheck.Invalid(errors.Errors) : new DraftCheck.Accepted(offer.Value, selection);
    }

    public async Task<PreviewOutcome> PreviewAsync(BrandId brand, string offerId, CodeBatchDraft? draft, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(brand, offerId, draft, cancellationToken);
        if (check is not DraftCheck.Accepted accepted)
        {
            return new PreviewOutcome.Refused(check);
        }

        var selection = accepted.Selection;
        var chosen = await GatherMembersAsync(brand, selection, cancellationToken);
        var errors = new ErrorCollector();
        foreach (var i in chosen.UnknownProjects)
        {
            errors.Add($"projectIds[{i}]", "No project with this id.");
        }

        var unknown = chosen.UnknownMembers.ToHashSet();
        for (var i = 0; i < selection.MemberIds.Count; i++)
        {
            if (unknown.Contains(selection.MemberIds[i]))
            {
                errors.Add($"memberIds[{i}]", BatchLayout.UnknownMemberReason);
            }
        }

        foreach (var stray in chosen.StrayOverrides)
        {
            errors.Add("overrides", $"Member {stray} has an override but is not among the chosen members.");
        }

        if (chosen.Members.Count > CodeBatch.MaxMembers)
        {
            errors.Add("projectIds", $"These projects hold {chosen.Members.Count} members; one generation takes at most {CodeBatch.MaxMembers}.");
        }

        if (errors.HasErrors)
        {
            return new PreviewOutcome.Invalid(errors.Errors);
        }

        var live = await LiveMembersAsync(brand, accepted.Offer, batch: null, cancellationToken);
        var plan = Plan(accepted.Offer, selection, chosen.Members, live, isTakenInStore: null);
        var taken = await TakenByOthersAsync(brand, plan, cancellationToken);
        if (taken.Count > 0)
        {
            plan = Plan(accepted.Offer, selection, chosen.Members, live, taken.Contains);
        }

        return new PreviewOutcome.Planned(accepted.Offer, plan);
    }

    /// <summary>
    /// The <c>PlanCodeBatch</c> activity: lays the stored draft out as one plan file per chunk and the chunk summaries
    /// on the batch row. A batch planned before answers its stored plan; a crash before the plan is recorded plans
    /// again from the start (the files are overwritten, and nothing reads them until the plan is recorded).
    /// </summary>
    public async Task<CodeBatchPlan> PlanBatchAsync(BrandId brand, CodeBatchId id, CancellationToken cancellationToken)
    {
        var batch = (await batches.GetAsync(brand, id, cancellationToken))?.Value ?? throw new InvalidOperationException($"Batch {id} is missing.");
        if (batch.Planned || batch.IsTerminal)
        {
            return StoredPlan(batch);
        }

        var offer = (await offers.GetAsync(brand, batch.OfferId, cancellationToken))?.Value;
        var draft = await files.GetDraftAsync(brand, id, cancellationToken);
        var validated = CodeBatchDraftValidator.Validate(draft, batch.CreatedAt);
        if (offer is null || !validated.IsValid)
        {
            var failed = await batches.UpdateAsync(brand, id, b => b.WithPlan([]).Fail(offer is null ? "The offer no longer exists." : "The stored request is missing or unreadable."), cancellationToken);
            return StoredPlan(failed!);
        }

        var selection = validated.Value;
        var chosen = await GatherMembersAsync(brand, selection, cancellationToken);
        if (chosen.Members.Count > CodeBatch.MaxMembers)
        {
            var refused = await batches.UpdateAsync(brand, id, b => b.WithPlan([]).Fail($"The projects hold {chosen.Members.Count} members; one generation takes at most {CodeBatch.MaxMembers}."), cancellationToken);
            return StoredPlan(refused!);
        }

        var live = await LiveMembersAsync(brand, offer, batch.Id, cancellationToken);
        var layout = BatchLayout.From(Plan(offer, selection, chosen.Members, live, isTakenInStore: null), chosen.UnknownMembers, chosen.StrayOverrides);
        await Parallel.ForEachAsync(
            layout.Items.Chunk(CodeBatch.ChunkSize).Select((items, chunk) => (items, chunk)),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelLookups, CancellationToken = cancellationToken },
            async (plan, ct) => await files.SavePlanAsync(brand, id, plan.chunk, plan.items, ct));
        var planned = await batches.UpdateAsync(brand, id, b => b.WithPlan(layout.Chunks), cancellationToken);
        return StoredPlan(planned!);
    }

    private static CodeBatchPlan StoredPlan(CodeBatch batch) =>
        new(batch.Chunks.Count, batch.FailureReason is null ? batch.Total - batch.Failed : 0);

    private static IReadOnlyList<PlannedMember> Plan(Offer offer, CodeBatchSelection selection, IReadOnlyList<Member> chosen, IReadOnlySet<MemberId> live, Func<string, bool>? isTakenInStore)
    {
        var definition = offer.Definition;
        return GenerationPlanner.Plan(chosen, selection.Overrides, live, definition.NamingStrategy, definition.Discount.CodeToken, CryptoRandomSource.Instance, isTakenInStore);
    }

    /// <summary>Members holding a live code in the offer, other than from <paramref name="batch"/> itself.</summary>
    private async Task<IReadOnlySet<MemberId>> LiveMembersAsync(BrandId brand, Offer offer, CodeBatchId? batch, CancellationToken cancellationToken) =>
        (await codes.GetAllForOfferAsync(brand, offer.Id, cancellationToken)).Values
            .Where(c => c.IsLive && c.BatchId != batch)
            .Select(c => c.MemberId)
            .ToHashSet();

    /// <summary>
    /// The projects' eligible members (in member id order, each once), then the listed ones. Memberships are read
    /// first and the members in one look-up, so 10,000 members cost one range query, not one per page.
    /// </summary>
    private async Task<ChosenMembers> GatherMembersAsync(BrandId brand, CodeBatchSelection selection, CancellationToken cancellationToken)
    {
        var chosen = new List<MemberId>();
        var seen = new HashSet<MemberId>();
        var unknownProjects = new List<int>();
        for (var i = 0; i < selection.ProjectIds.Count; i++)
        {
            if (await projects.GetAsync(brand, selection.ProjectIds[i], cancellationToken) is null)
            {
                unknownProjects.Add(i);
                continue;
            }

            var memberships = await projects.GetMembershipsAsync(brand, selection.ProjectIds[i], cancellationToken);
            chosen.AddRange(memberships.Values
                .Where(m => OfferEligibility.IsEligibleStage(m.Stage))
                .Select(m => m.MemberId)
                .OrderBy(id => id.Value, StringComparer.Ordinal)
                .Where(seen.Add));
        }

        chosen.AddRange(selection.MemberIds.Where(seen.Add));
        var found = await members.GetManyAsync(brand, chosen, cancellationToken);

        // A membership whose member is gone is left out, as the project's member list leaves it out; a listed id is reported.
        var ordered = chosen.Where(found.ContainsKey).Select(id => found[id]).ToArray();
        var unknown = selection.MemberIds.Where(id => !found.ContainsKey(id)).ToArray();
        var stray = selection.Overrides.Keys.Where(id => !seen.Contains(id)).ToArray();
        return new ChosenMembers(ordered, unknownProjects, unknown, stray);
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
