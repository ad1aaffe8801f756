using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// Deactivates members' codes. A generation's codes share one discount, which can only be switched off as a
/// whole, so a member's code is deleted from it instead. The code stays reserved in the store's code index so
/// nobody else gets it while it may be reactivated.
/// </summary>
public sealed class DeactivateCodes(DiscountCodeEditor editor, PromoCodeStore codes) : ICodeOperationAction
{
    public CodeOperationAction Action => CodeOperationAction.Deactivate;

    public async Task RunAsync(OperationRun run, IReadOnlyList<PendingStep> pending, StepLog log, CancellationToken cancellationToken)
    {
        foreach (var discount in pending.GroupBy(p => p.Code.ShopifyDiscountId!, StringComparer.Ordinal))
        {
            var members = discount.ToArray();
            var refused = await editor.RemoveAsync(run.Shop, discount.Key, members.Select(p => p.Code.Code).ToArray(), cancellationToken);
            if (refused is not null)
            {
                await log.SaveAsync(members.Select(p => p.Step.Failed(refused)).ToArray(), cancellationToken);
                continue;
            }

            foreach (var member in members)
            {
                await codes.UpdateAsync(run.Brand, run.OfferId, member.MemberId, Deactivated(run), cancellationToken);
            }

            await log.SaveAsync(members.Select(p => p.Step.Succeeded()).ToArray(), cancellationToken);
        }
    }

    private static Func<PromoCode, PromoCode> Deactivated(OperationRun run) =>
        c => c.Status == PromoCodeStatus.Deactivated ? c : c with { Status = PromoCodeStatus.Deactivated, UpdatedAt = run.Now };
}
