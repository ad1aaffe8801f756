using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Shopify;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>Everything an action needs while it runs one operation.</summary>
public sealed record OperationRun(BrandId Brand, string OperationId, CodeOperationCommand Command, Offer Offer, ShopifyShop Shop, DateTimeOffset Now)
{
    public OfferId OfferId => Offer.Id;
}

/// <summary>A member's step still to do, with the member's code as stored when the run began.</summary>
public sealed record PendingStep(CodeOperationStep Step, PromoCode Code)
{
    public MemberId MemberId => Step.MemberId;
}

/// <summary>One kind of bulk change. Each member's part must be safe to run again after a crash.</summary>
public interface ICodeOperationAction
{
    CodeOperationAction Action { get; }

    Task RunAsync(OperationRun run, IReadOnlyList<PendingStep> pending, StepLog log, CancellationToken cancellationToken);
}

/// <summary>Records members' outcomes as they settle, so a retry skips them and a replay answers the same.</summary>
public sealed class StepLog(CodeOperationStore store, BrandId brand, string operationId, IDictionary<MemberId, CodeOperationStep> steps)
{
    public async Task SaveAsync(IReadOnlyList<CodeOperationStep> settled, CancellationToken cancellationToken)
    {
        await store.SaveStepsAsync(brand, operationId, settled, cancellationToken);
        foreach (var step in settled)
        {
            steps[step.MemberId] = step;
        }
    }

    public Task SaveAsync(CodeOperationStep settled, CancellationToken cancellationToken) => SaveAsync([settled], cancellationToken);

    public IReadOnlySet<MemberId> FailedMembers => steps.Values.Where(s => s.Outcome == StepOutcome.Failed).Select(s => s.MemberId).ToHashSet();
}
