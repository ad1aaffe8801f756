using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// Refreshes members' codes: the new code is reserved store-wide first, then renamed in Shopify, then the
/// member's row takes it and the old code is freed. A retry finds each of these already done and moves on.
/// </summary>
public sealed class RenameCodes(DiscountCodeEditor editor, CodeIndexStore index, PromoCodeStore codes) : ICodeOperationAction
{
    public CodeOperationAction Action => CodeOperationAction.Rename;

    public async Task RunAsync(OperationRun run, IReadOnlyList<PendingStep> pending, StepLog log, CancellationToken cancellationToken)
    {
        foreach (var item in pending)
        {
            await log.SaveAsync(await RenameAsync(run, item, cancellationToken), cancellationToken);
        }
    }

    private async Task<CodeOperationStep> RenameAsync(OperationRun run, PendingStep item, CancellationToken cancellationToken)
    {
        var (step, code) = (item.Step, item.Code);
        var oldCode = step.FromCode;
        var newCode = step.ToCode!;
        if (string.Equals(oldCode, newCode, StringComparison.OrdinalIgnoreCase))
        {
            return step.Succeeded();
        }

        var owner = new CodeOwner(code.OfferId, code.MemberId, code.BatchId, run.Now);
        if (await index.ReserveAsync(run.Brand, newCode, owner, cancellationToken) == ReservationOutcome.Taken)
        {
            return step.Failed($"The code {newCode} is already used in this store.");
        }

        switch (await editor.RenameAsync(run.Shop, code.ShopifyDiscountId!, oldCode, newCode, cancellationToken))
        {
            case CodeChange.TakenElsewhere:
                // Replaces our reservation: the code stays blocked for everyone, as something outside this product uses it.
                await index.MarkExternalAsync(run.Brand, newCode, owner, cancellationToken);
                return step.Failed($"Shopify says the code {newCode} is already used in this store.");
            case CodeChange.Refused refused:
                await index.ReleaseAsync(run.Brand, newCode, code.MemberId, cancellationToken);
                return step.Failed(refused.Reason);
        }

        await codes.UpdateAsync(run.Brand, run.OfferId, code.MemberId, c => c.Code == newCode ? c : c with { Code = newCode, UpdatedAt = run.Now }, cancellationToken);
        await index.ReleaseAsync(run.Brand, oldCode, code.MemberId, cancellationToken);
        return step.Succeeded();
    }
}
