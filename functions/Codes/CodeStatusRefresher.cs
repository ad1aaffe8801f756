using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Codes;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

/// <summary>
/// Timer <c>RefreshCodeStatuses</c> (every five minutes). Stores what time does to codes: a scheduled code becomes active at its start, a dated code expires at
/// its end. Only finished generations whose dates are still ahead are visited, so the work per minute stays
/// proportional to the codes that actually change.
/// </summary>
public sealed class CodeStatusRefresher(CodeBatchStore batches, PromoCodeStore codes, TimeProvider time, ILogger<CodeStatusRefresher> logger)
{
    [Function("RefreshCodeStatuses")]
    public async Task RunTimer([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var changed = await RunAsync(cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("{Count} codes changed status with their dates.", changed);
        }
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        await foreach (var stored in batches.QueryDatesUnsettledAsync(cancellationToken))
        {
            var batch = stored.Value;
            var now = time.GetUtcNow();
            if (batch.StartsAt > now)
            {
                continue;
            }

            await foreach (var code in codes.QueryBatchAsync(batch.BrandId, batch.OfferId, batch.Id, cancellationToken))
            {
                var refreshed = code.Value.RefreshByDate(now);
                if (!ReferenceEquals(refreshed, code.Value) && (await codes.ReplaceAsync(batch.BrandId, refreshed, code.ETag, cancellationToken)).IsOk)
                {
                    changed++;
                }
            }

            if (batch.DatesSettledAt(now))
            {
                await batches.UpdateAsync(batch.BrandId, batch.Id, b => b with { DatesSettled = true }, cancellationToken);
            }
        }

        return changed;
    }
}
