using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Events;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes.Operations;

/// <summary>
/// The code operation activities. A chunk runs the pending steps of its members through the operation's
/// action, whose steps are idempotent against Shopify and our tables; members already settled are skipped, so
/// a chunk run again (after a crash, a retry or a resumed operation) only does what is left.
/// </summary>
public sealed class CodeOperationActivities(
    CodeOperationStore operations,
    OfferStore offers,
    PromoCodeStore codes,
    BrandShops shops,
    IEnumerable<ICodeOperationAction> actions,
    Emails.CodeChangeNotifier notifier,
    EventPublisher events,
    TimeProvider time,
    ILogger<CodeOperationActivities> logger)
{
    [Function(CodeOperationNames.RunCodeOperationChunk)]
    public async Task<StepCounts> RunCodeOperationChunk([ActivityTrigger] CodeOperationChunkRef input, CancellationToken cancellationToken)
    {
        var brand = new BrandId(input.BrandId);
        var operation = await operations.GetAsync(brand, input.OperationId, cancellationToken)
            ?? throw new InvalidOperationException($"Operation {input.OperationId} is missing.");

        // A date change plans by discount across the whole operation, so it reads every step; the others read their chunk.
        var wholeOperation = operation.Action == CodeOperationAction.ChangeDates;
        var steps = wholeOperation
            ? await operations.GetStepsAsync(brand, operation.Id, cancellationToken)
            : await operations.GetChunkStepsAsync(brand, operation.Id, input.Chunk, cancellationToken);
        var inChunk = steps.Values.Where(s => CodeOperation.ChunkOf(s.Position) == input.Chunk).OrderBy(s => s.Position).ToArray();
        var pendingSteps = inChunk.Where(s => !s.IsDone).ToArray();
        if (pendingSteps.Length > 0)
        {
            await RunStepsAsync(brand, operation, steps, pendingSteps, wholeOperation, cancellationToken);
        }

        var counts = StepCounts.Count(inChunk.Select(s => steps[s.MemberId]));
        await operations.UpdateAsync(brand, operation.Id, o => o.WithChunk(input.Chunk, counts), cancellationToken);
        await events.PublishManyAsync(brand, EventData.TypeOf(operation.Action), EventData.CodesChanged(operation, inChunk.Select(s => steps[s.MemberId])), cancellationToken);
        return counts;
    }

    /// <returns>The id of the send telling the changed members, when the offer notifies about this change; the orchestration runs it.</returns>
    [Function(CodeOperationNames.FinishCodeOperation)]
    public async Task<string?> FinishCodeOperation([ActivityTrigger] CodeOperationEnd input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var finished = await operations.UpdateAsync(
            new BrandId(input.BrandId), input.OperationId, o => input.FailureReason is { } reason ? o.Failed(reason, now) : o.Completed(now), cancellationToken);
        var totals = finished.Totals;
        logger.LogInformation(
            "Code operation {OperationId} ({Action}) is {Status}: {Succeeded} ok, {Failed} failed, {Pending} pending.",
            finished.Id, finished.Action, finished.Status, totals.Succeeded, totals.Failed, totals.Pending);

        // Only a completed operation tells its members: a failed one may be resumed, and its one send then covers everyone it changed.
        return finished.Status == CodeOperationStatus.Completed ? (await notifier.RecordAsync(finished, cancellationToken))?.Value : null;
    }

    private async Task RunStepsAsync(
        BrandId brand, CodeOperation operation, Dictionary<MemberId, CodeOperationStep> steps, IReadOnlyList<CodeOperationStep> pendingSteps, bool wholeOffer, CancellationToken cancellationToken)
    {
        var offer = await offers.GetAsync(brand, operation.OfferId, cancellationToken) ?? throw new InvalidOperationException($"Offer {operation.OfferId} is missing.");
        var offerCodes = wholeOffer
            ? await codes.GetAllForOfferAsync(brand, operation.OfferId, cancellationToken)
            : await ReadCodesAsync(brand, operation.OfferId, pendingSteps.Select(s => s.MemberId), cancellationToken);
        var log = new StepLog(operations, brand, operation.Id, steps);

        // The request was checked against the codes; one deleted since has nothing left to change.
        var vanished = pendingSteps.Where(s => !offerCodes.ContainsKey(s.MemberId)).Select(s => s.Failed("The member has no code in this offer.")).ToArray();
        await log.SaveAsync(vanished, cancellationToken);
        var pending = pendingSteps.Where(s => offerCodes.ContainsKey(s.MemberId)).Select(s => new PendingStep(s, offerCodes[s.MemberId])).ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        var (_, shop) = await shops.GetAsync(brand, cancellationToken) ?? throw new InvalidOperationException($"Brand {brand} is missing.");
        var chosen = steps.Values.OrderBy(s => s.Position).Select(s => s.MemberId).ToArray();
        var command = new CodeOperationCommand(operation.Action, chosen, new Dictionary<MemberId, string>(), operation.StartsAt, operation.EndsAt);
        var action = actions.Single(a => a.Action == operation.Action);
        await action.RunAsync(new OperationRun(brand, operation.Id, command, offer.Value, shop, time.GetUtcNow()), pending, log, cancellationToken);
        if (pending.FirstOrDefault(p => !steps[p.MemberId].IsDone) is { } unsettled)
        {
            throw new InvalidOperationException($"The {operation.Action} action left member {unsettled.MemberId} without an outcome.");
        }
    }

    private async Task<Dictionary<MemberId, PromoCode>> ReadCodesAsync(BrandId brand, OfferId offer, IEnumerable<MemberId> members, CancellationToken cancellationToken)
    {
        var reads = members.Select(async m => (await codes.GetAsync(brand, offer, m, cancellationToken))?.Value);
        return (await Task.WhenAll(reads)).OfType<PromoCode>().ToDictionary(c => c.MemberId);
    }
}
