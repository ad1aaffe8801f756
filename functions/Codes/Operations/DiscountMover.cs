using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// Moves chosen codes from their discount to a new one with the new dates. Codes are unique store-wide, so each
/// code is deleted from the old discount before it is added to the new one; the new discount is created with
/// the first member's code and its id recorded on the operation before any other code is added, so a retry
/// adds to it rather than creating another. A code the new discount refuses is put back on the old one.
/// </summary>
public sealed class DiscountMover(
    IShopifyAdminClient shopify,
    DiscountCodeEditor editor,
    CodeOperationStore operations,
    CodeBatchStore batches,
    PromoCodeStore codes)
{
    public async Task MoveAsync(OperationRun run, string sourceDiscountId, IReadOnlyList<PendingStep> members, StepLog log, CancellationToken cancellationToken)
    {
        var operation = await operations.UpdateAsync(run.Brand, run.OperationId, o => o.WithMove(new DiscountMove(sourceDiscountId, members[0].MemberId)), cancellationToken);
        var move = operation.MoveFrom(sourceDiscountId)!;
        var newDiscountId = move.NewDiscountId ?? await CreateAsync(run, move, members, log, cancellationToken);
        if (newDiscountId is null)
        {
            return;
        }

        var moving = members.Select(m => m.Code.Code).ToArray();
        var removeRefused = await editor.RemoveAsync(run.Shop, sourceDiscountId, moving, cancellationToken);
        if (removeRefused is not null)
        {
            await log.SaveAsync(members.Select(m => m.Step.Failed(removeRefused)).ToArray(), cancellationToken);
            return;
        }

        var added = await editor.AddAsync(run.Shop, newDiscountId, moving, cancellationToken);
        var settled = new List<CodeOperationStep>(members.Count);
        foreach (var member in members)
        {
            settled.Add(await SettleAsync(run, sourceDiscountId, newDiscountId, member, added[member.Code.Code], cancellationToken));
        }

        await log.SaveAsync(settled, cancellationToken);
    }

    private async Task<CodeOperationStep> SettleAsync(OperationRun run, string sourceDiscountId, string newDiscountId, PendingStep member, CodeChange change, CancellationToken cancellationToken)
    {
        if (change is CodeChange.Done)
        {
            var (startsAt, endsAt) = (run.Command.StartsAt!.Value, run.Command.EndsAt);
            await codes.UpdateAsync(run.Brand, run.OfferId, member.MemberId, c => CodeOperationRules.WithDates(c, startsAt, endsAt, newDiscountId, run.Now), cancellationToken);
            return member.Step.Succeeded();
        }

        await editor.AddAsync(run.Shop, sourceDiscountId, [member.Code.Code], cancellationToken);
        return member.Step.Failed(change is CodeChange.Refused refused ? refused.Reason : $"Shopify says another discount now uses the code {member.Code.Code}.");
    }

    /// <summary>Creates the new discount with the first member's code, or adopts the one an earlier try created. Null when Shopify refused.</summary>
    private async Task<string?> CreateAsync(OperationRun run, DiscountMove move, IReadOnlyList<PendingStep> members, StepLog log, CancellationToken cancellationToken)
    {
        var first = await codes.GetAsync(run.Brand, run.OfferId, move.FirstMember, cancellationToken)
            ?? throw new InvalidOperationException($"The code of member {move.FirstMember} is missing.");
        var firstCode = first.Value.Code;
        var removeRefused = await editor.RemoveAsync(run.Shop, move.SourceDiscountId, [firstCode], cancellationToken);
        if (removeRefused is not null)
        {
            await log.SaveAsync(members.Select(m => m.Step.Failed(removeRefused)).ToArray(), cancellationToken);
            return null;
        }

        var batch = await batches.GetAsync(run.Brand, first.Value.BatchId, cancellationToken)
            ?? throw new InvalidOperationException($"Batch {first.Value.BatchId} of member {move.FirstMember} is missing.");
        var dates = batch.Value with { StartsAt = run.Command.StartsAt!.Value, EndsAt = run.Command.EndsAt };
        var created = await shopify.CreateDiscountAsync(run.Shop, DiscountSpecs.For(run.Offer.Definition, dates, firstCode), cancellationToken: cancellationToken);
        var newDiscountId = created.Succeeded ? created.Value!.Id
            : created.UserErrors.Any(e => e.IsTaken) ? await AdoptAsync(run, move, firstCode, cancellationToken)
            : null;
        if (newDiscountId is null)
        {
            await editor.AddAsync(run.Shop, move.SourceDiscountId, [firstCode], cancellationToken);
            var reason = "Shopify refused the new discount: " + string.Join("; ", created.UserErrors.Select(e => e.Message));
            await log.SaveAsync(members.Select(m => m.Step.Failed(reason)).ToArray(), cancellationToken);
            return null;
        }

        await operations.UpdateAsync(run.Brand, run.OperationId, o => o.WithNewDiscount(move.SourceDiscountId, newDiscountId), cancellationToken);
        return newDiscountId;
    }

    /// <summary>The first code is taken: by the discount an earlier try created (same title, not the old discount) it is ours.</summary>
    private async Task<string?> AdoptAsync(OperationRun run, DiscountMove move, string firstCode, CancellationToken cancellationToken)
    {
        var holder = await shopify.FindDiscountByCodeAsync(run.Shop, firstCode, cancellationToken);
        return holder is not null && holder.Id != move.SourceDiscountId && holder.Title == run.Offer.Definition.GroupName ? holder.Id : null;
    }
}
