using System.Collections.Concurrent;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Answers "which of these codes are taken in the store?" in one call, for planners that check codes
/// synchronously: a few codes are point reads in the code index, many are one read of the brand's index partition.
/// </summary>
public sealed class TakenCodeLookup(StorageClients storage, CodeIndexStore index)
{
    private const int PointReadLimit = 300;
    private const int MaxParallelReads = 16;
    private readonly TableClient _table = storage.Table(TableNames.CodeIndex);

    public async Task<IReadOnlySet<string>> FindTakenAsync(BrandId brand, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var wanted = codes.Select(CodeIndexStore.RowKey).ToHashSet(StringComparer.Ordinal);
        var taken = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        if (wanted.Count > PointReadLimit)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                if (wanted.Contains(row.RowKey))
                {
                    taken[row.RowKey] = true;
                }
            }
        }
        else
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(wanted, options, async (code, ct) =>
            {
                if (await index.GetAsync(brand, code, ct) is not null)
                {
                    taken[code] = true;
                }
            });
        }

        return taken.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
