using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// Changes members' code dates. Dates belong to a Shopify discount: a discount whose codes are all chosen is
/// re-dated in place; chosen codes that share a discount with others move to a new discount instead
/// (<see cref="DiscountMover"/>). Whether a discount moves is recorded before Shopify is touched, so a retry
/// takes the same path.
/// </summary>
public sealed class ChangeCodeDates(IShopifyAdminClient shopify, DiscountMover mover, CodeOperationStore operations, PromoCodeStore codes) : ICodeOperationAction
{
    public CodeOperationAction Action => CodeOperationAction.ChangeDates;

    public async Task RunAsync(OperationRun run, IReadOnlyList<PendingStep> pending, StepLog log, CancellationToken cancellationToken)
    {
        var operation = await operations.GetAsync(run.Brand, run.OperationId, cancellationToken)
            ?? throw new InvalidOperationException($"Operation {run.OperationId} is missing.");
        var offerCodes = await codes.GetAllForOfferAsync(run.Brand, run.OfferId, cancellationToken);
        var pendingByMember = pending.ToDictionary(p => p.MemberId);

        // Members refused up front stay where they are, so they count as the discount's other codes.
        var refused = log.FailedMembers;
        var chosen = run.Command.MemberIds
            .Where(m => offerCodes.ContainsKey(m) && !refused.Contains(m))
            .Select(m => AtSource(offerCodes[m], operation))
            .ToArray();
        foreach (var group in DateChangePlanner.Plan(chosen, offerCodes.Values))
        {
            var members = group.Members.Where(pendingByMember.ContainsKey).Select(m => pendingByMember[m] with { Code = offerCodes[m] }).ToArray();
            if (members.Length == 0)
            {
                continue;
            }

            if (group.InPlace && operation.MoveFrom(group.DiscountId) is null)
            {
                await RedateAsync(run, group.DiscountId, members, log, cancellationToken);
            }
            else
            {
                await mover.MoveAsync(run, group.DiscountId, members, log, cancellationToken);
            }
        }
    }

    /// <summary>A code an earlier try already moved is planned with the discount it came from.</summary>
    private static PromoCode AtSource(PromoCode code, CodeOperation operation) =>
        code.ShopifyDiscountId is { } id && operation.MoveTo(id) is { } move ? code with { ShopifyDiscountId = move.SourceDiscountId } : code;

    private async Task RedateAsync(OperationRun run, string discountId, IReadOnlyList<PendingStep> members, StepLog log, CancellationToken cancellationToken)
    {
        var (startsAt, endsAt) = (run.Command.StartsAt!.Value, run.Command.EndsAt);
        var updated = await shopify.UpdateDiscountDatesAsync(run.Shop, discountId, startsAt, endsAt, cancellationToken);
        if (!updated.Succeeded)
        {
            var reason = "Shopify refused the new dates: " + string.Join("; ", updated.UserErrors.Select(e => e.Message));
            await log.SaveAsync(members.Select(m => m.Step.Failed(reason)).ToArray(), cancellationToken);
            return;
        }

        foreach (var member in members)
        {
            await codes.UpdateAsync(run.Brand, run.OfferId, member.MemberId, c => CodeOperationRules.WithDates(c, startsAt, endsAt, discountId, run.Now), cancellationToken);
        }

        await log.SaveAsync(members.Select(m => m.Step.Succeeded()).ToArray(), cancellationToken);
    }
}
