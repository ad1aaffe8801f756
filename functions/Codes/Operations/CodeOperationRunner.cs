using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Brands;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>How running an operation ended for this request.</summary>
public abstract record OperationOutcome
{
    /// <summary>Every member has an outcome; <see cref="Steps"/> in the request's order.</summary>
    public sealed record Finished(CodeOperation Operation, IReadOnlyList<CodeOperationStep> Steps) : OperationOutcome;

    /// <summary>Another request with the same key is running it right now.</summary>
    public sealed record Busy : OperationOutcome;
}

/// <summary>
/// Runs an operation to the end, or resumes one a crashed or abandoned try left: members already settled are
/// skipped, the rest go through their action, whose steps are idempotent. A lease on the operation row keeps
/// two tries from running at once; a crashed holder's lease simply expires.
/// </summary>
public sealed class CodeOperationRunner(
    CodeOperationStore operations,
    PromoCodeStore codes,
    BrandShops shops,
    IEnumerable<ICodeOperationAction> actions,
    TimeProvider time)
{
    // Longer than 250 members take with Shopify retries; a request the host gave up on is then free to retry.
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    public async Task<OperationOutcome> RunAsync(BrandId brand, Offer offer, string operationId, CodeOperationCommand command, CancellationToken cancellationToken)
    {
        var operation = await operations.GetOrCreateAsync(CodeOperation.Start(operationId, brand, offer.Id, command.Action, time.GetUtcNow()), cancellationToken);
        if (operation.Status == CodeOperationStatus.Completed)
        {
            return await FinishedAsync(brand, operation, command, cancellationToken);
        }

        var holder = Guid.NewGuid().ToString("N");
        operation = await operations.UpdateAsync(brand, operationId, o => o.CanLease(holder, time.GetUtcNow()) ? o.Leased(holder, time.GetUtcNow(), LeaseDuration) : o, cancellationToken);
        if (operation.Status == CodeOperationStatus.Completed)
        {
            return await FinishedAsync(brand, operation, command, cancellationToken);
        }

        if (operation.LeaseHolder != holder)
        {
            return new OperationOutcome.Busy();
        }

        try
        {
            await RunStepsAsync(brand, offer, operationId, command, cancellationToken);
            operation = await operations.UpdateAsync(brand, operationId, o => o.Completed(time.GetUtcNow()), cancellationToken);
            return await FinishedAsync(brand, operation, command, cancellationToken);
        }
        finally
        {
            if (operation.Status != CodeOperationStatus.Completed)
            {
                // Let an immediate retry resume instead of waiting for the lease to expire.
                await operations.UpdateAsync(brand, operationId, o => o.Released(holder), CancellationToken.None);
            }
        }
    }

    private async Task RunStepsAsync(BrandId brand, Offer offer, string operationId, CodeOperationCommand command, CancellationToken cancellationToken)
    {
        var steps = await operations.GetStepsAsync(brand, operationId, cancellationToken);
        var offerCodes = await codes.GetAllForOfferAsync(brand, offer.Id, cancellationToken);
        var log = new StepLog(operations, brand, operationId, steps);
        var fresh = command.MemberIds.Where(m => !steps.ContainsKey(m)).Select(m => FirstStep(command, m, offerCodes.GetValueOrDefault(m))).ToArray();
        await log.SaveAsync(fresh, cancellationToken);

        var pending = command.MemberIds
            .Where(m => steps[m].Outcome == StepOutcome.Pending)
            .Select(m => new PendingStep(steps[m], offerCodes[m]))
            .ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        var (_, shop) = await shops.GetAsync(brand, cancellationToken) ?? throw new InvalidOperationException($"Brand {brand} is missing.");
        var action = actions.Single(a => a.Action == command.Action);
        await action.RunAsync(new OperationRun(brand, operationId, command, offer, shop, time.GetUtcNow()), pending, log, cancellationToken);
        if (pending.FirstOrDefault(p => steps[p.MemberId].Outcome == StepOutcome.Pending) is { } unsettled)
        {
            throw new InvalidOperationException($"The {command.Action} action left member {unsettled.MemberId} without an outcome.");
        }
    }

    /// <summary>A member's step as first recorded; a member the action cannot apply to fails here, before anything changes.</summary>
    private static CodeOperationStep FirstStep(CodeOperationCommand command, MemberId member, PromoCode? code)
    {
        if (code is null)
        {
            return new CodeOperationStep(member, StepOutcome.Failed, string.Empty, Reason: "The member has no code in this offer.");
        }

        var step = new CodeOperationStep(member, StepOutcome.Pending, code.Code, command.NewCodes.GetValueOrDefault(member));
        return CodeOperationRules.Refusal(command.Action, code) is { } reason ? step.Failed(reason) : step;
    }

    private async Task<OperationOutcome> FinishedAsync(BrandId brand, CodeOperation operation, CodeOperationCommand command, CancellationToken cancellationToken)
    {
        var steps = await operations.GetStepsAsync(brand, operation.Id, cancellationToken);
        return new OperationOutcome.Finished(operation, command.MemberIds.Where(steps.ContainsKey).Select(m => steps[m]).ToArray());
    }
}
