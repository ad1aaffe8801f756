using System.Globalization;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// The Shopify bulk job each round of a chunk's push started (PK brand|batch, RK chunk-round). A start that runs
/// again finds its round's job here instead of starting a second one.
/// </summary>
public sealed class CodePushJobStore(Storage.StorageClients storage)
{
    private readonly DocumentTable<CodePushJob> _jobs = new(storage.Table(TableNames.CodePushJobs));

    public async Task<CodePushJob?> GetAsync(BrandId brand, CodeBatchId batch, int chunk, int round, CancellationToken cancellationToken) =>
        (await _jobs.GetAsync(Keys.Scoped(brand, batch.Value), RowKey(chunk, round), cancellationToken))?.Value;

    /// <summary>Stores the round's job; when a concurrent try stored one first, that one is kept and returned.</summary>
    public async Task<CodePushJob> AddAsync(BrandId brand, CodeBatchId batch, CodePushJob job, CancellationToken cancellationToken)
    {
        var result = await _jobs.InsertAsync(Keys.Scoped(brand, batch.Value), RowKey(job.Chunk, job.Round), job, cancellationToken);
        return result.IsOk ? job : await GetAsync(brand, batch, job.Chunk, job.Round, cancellationToken) ?? job;
    }

    private static string RowKey(int chunk, int round) =>
        chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator + round.ToString("D2", CultureInfo.InvariantCulture);
}
