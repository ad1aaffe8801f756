using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Starts a stored batch's <c>GenerateCodes</c> exactly once however many requests (retries, concurrent
/// duplicates) carry its Idempotency-Key. A request first claims the start on the batch row under its ETag,
/// then starts the instance unless it exists; a request that finds a fresh claim waits until the instance
/// appears or the claim lapses (its holder died between claiming and starting) and takes it over. So every
/// 202 answer means the orchestration exists, and two requests never schedule it both.
/// </summary>
public sealed class CodeBatchStarter(CodeBatchStore batches, TimeProvider time)
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(200);

    public async Task EnsureStartedAsync(CodeBatch batch, Orchestrations orchestrations, CancellationToken cancellationToken)
    {
        var input = new CodeBatchRef(batch.BrandId.Value, batch.Id.Value, batch.ScheduledFor);
        while (true)
        {
            var stored = await batches.GetAsync(batch.BrandId, batch.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Batch {batch.Id} is missing.");
            var now = time.GetUtcNow();
            if (stored.Value.CanClaimStart(now))
            {
                if ((await batches.ReplaceAsync(stored.Value.ClaimStart(now), stored.ETag, cancellationToken)).IsOk)
                {
                    await orchestrations.StartOnceAsync(GenerateCodesNames.GenerateCodes, batch.Id.Value, input, startAt: null, cancellationToken);
                    return;
                }

                continue; // another request claimed it first: see what it did
            }

            if (stored.Value.Planned || stored.Value.IsTerminal
                || await orchestrations.Client.GetInstanceAsync(batch.Id.Value, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                return;
            }

            await Task.Delay(LookAgain, time, cancellationToken);
        }
    }
}
