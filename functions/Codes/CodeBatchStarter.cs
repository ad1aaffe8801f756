using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Starts a stored batch's <c>GenerateCodes</c> exactly once however many requests (retries, concurrent duplicates)
/// carry its Idempotency-Key, through the one guarded start (<see cref="Orchestrations.StartOnceAsync"/>), so every
/// 202 answer means the orchestration exists. A batch already planned or finished has run: it is not started again,
/// even once its instance's history is gone.
/// </summary>
public sealed class CodeBatchStarter(CodeBatchStore batches)
{
    public async Task EnsureStartedAsync(CodeBatch batch, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var stored = await batches.GetAsync(batch.BrandId, batch.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Batch {batch.Id} is missing.");
        if (stored.Value.Planned || stored.Value.IsTerminal)
        {
            return;
        }

        await durable.StartOnceAsync(GenerateCodesNames.GenerateCodes, batch.Id.Value, new CodeBatchRef(batch.BrandId.Value, batch.Id.Value, batch.ScheduledFor), startAt: null, cancellationToken);
    }
}
