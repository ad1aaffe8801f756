using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// Puts members' codes back on their discount. The code index still holds each code for its member, unless
/// something changed it meanwhile; then the member fails rather than take a code someone else holds.
/// </summary>
public sealed class ReactivateCodes(DiscountCodeEditor editor, CodeIndexStore index, PromoCodeStore codes) : ICodeOperationAction
{
    public CodeOperationAction Action => CodeOperationAction.Reactivate;

    public async Task RunAsync(OperationRun run, IReadOnlyList<PendingStep> pending, StepLog log, CancellationToken cancellationToken)
    {
        foreach (var discount in pending.GroupBy(p => p.Code.ShopifyDiscountId!, StringComparer.Ordinal))
        {
            var settled = new List<CodeOperationStep>();
            var held = new List<PendingStep>();
            foreach (var member in discount)
            {
                var owner = new CodeOwner(member.Code.OfferId, member.MemberId, member.Code.BatchId, run.Now);
                if (await index.ReserveAsync(run.Brand, member.Code.Code, owner, cancellationToken) == ReservationOutcome.Taken)
                {
                    settled.Add(member.Step.Failed($"The code {member.Code.Code} is now used by someone else in this store."));
                }
                else
                {
                    held.Add(member);
                }
            }

            var added = await editor.AddAsync(run.Shop, discount.Key, held.Select(p => p.Code.Code).ToArray(), cancellationToken);
            foreach (var member in held)
            {
                settled.Add(await SettleAsync(run, member, added[member.Code.Code], cancellationToken));
            }

            await log.SaveAsync(settled, cancellationToken);
        }
    }

    private async Task<CodeOperationStep> SettleAsync(OperationRun run, PendingStep member, CodeChange change, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case CodeChange.TakenElsewhere:
                return member.Step.Failed($"Shopify says another discount now uses the code {member.Code.Code}.");
            case CodeChange.Refused refused:
                return member.Step.Failed(refused.Reason);
        }

        await codes.UpdateAsync(run.Brand, run.OfferId, member.MemberId, c => Reactivated(c, run), cancellationToken);
        return member.Step.Succeeded();
    }

    private static PromoCode Reactivated(PromoCode code, OperationRun run) => code.Status == PromoCodeStatus.Deactivated
        ? code with { Status = PromoCode.StatusByDate(code.StartsAt, code.EndsAt, run.Now), UpdatedAt = run.Now }
        : code.RefreshByDate(run.Now);
}
