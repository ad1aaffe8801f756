using System.Globalization;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Generation batches (PK brand, RK batch id) and their items (PK brand|batch, RK chunk-member, so one
/// chunk's items are one range of one partition and can be written in 100-row transactions).
/// </summary>
public sealed class CodeBatchStore(StorageClients storage)
{
    private const int MaxRowsPerTransaction = 100;
    private const int MaxParallelTransactions = 8;
    // Chunks of one batch finish together and race for its row.
    private const int MaxAttempts = 30;

    private readonly DocumentTable<CodeBatch> _batches = new(storage.Table(TableNames.Batches), b => new Dictionary<string, object?>
    {
        ["OfferId"] = b.OfferId.Value,
        ["Status"] = b.Status.ToString(),
        ["DatesSettled"] = b.DatesSettled,
        ["StartsAt"] = b.StartsAt,
        ["EndsAt"] = b.EndsAt,
        ["SendEmails"] = b.SendEmails,
        ["CreatedAt"] = b.CreatedAt,
        ["CompletedAt"] = b.CompletedAt,
        ["Planned"] = b.Planned,
        ["ShopifyDiscountId"] = b.ShopifyDiscountId,
        ["FailureReason"] = b.FailureReason,
        ["Total"] = b.Total,
        ["Created"] = b.Created,
        ["Failed"] = b.Failed,
    });

    private readonly DocumentTable<BatchItem> _items = new(storage.Table(TableNames.BatchItems), i => new Dictionary<string, object?>
    {
        ["State"] = i.State.ToString(),
        ["MemberId"] = i.MemberId.Value,
        ["Chunk"] = i.Chunk,
        ["Code"] = i.Code,
        ["PlannedCode"] = i.PlannedCode,
        ["Attempt"] = i.Attempt,
        ["IsOverride"] = i.IsOverride,
        ["FailureKind"] = i.FailureKind?.ToString(),
        ["FailureReason"] = i.FailureReason,
    });

    public static string ItemRowKey(BatchItem item) => ItemRowKey(item.Chunk, item.MemberId);

    public static string ItemRowKey(int chunk, MemberId member) => chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator + member.Value;

    public Task<Stored<CodeBatch>?> GetAsync(BrandId brand, CodeBatchId id, CancellationToken cancellationToken) =>
        _batches.GetAsync(Keys.Brand(brand), id.Value, cancellationToken);

    /// <summary>Stores a new batch; Conflict when a row with its id exists.</summary>
    public Task<WriteResult> InsertAsync(CodeBatch batch, CancellationToken cancellationToken) =>
        _batches.InsertAsync(Keys.Brand(batch.BrandId), batch.Id.Value, batch, cancellationToken);

    public Task<WriteResult> ReplaceAsync(CodeBatch batch, string etag, CancellationToken cancellationToken) =>
        _batches.ReplaceAsync(Keys.Brand(batch.BrandId), batch.Id.Value, batch, etag, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current batch row until the write wins against concurrent
    /// writers (ETag). Returns the batch as stored, or null if it does not exist.
    /// </summary>
    public async Task<CodeBatch?> UpdateAsync(BrandId brand, CodeBatchId id, Func<CodeBatch, CodeBatch> change, CancellationToken cancellationToken) =>
        (await _batches.UpdateAsync(Keys.Brand(brand), id.Value, change, MaxAttempts, cancellationToken)).ValueOrNull();

    /// <summary>Finished batches of every brand whose codes may still change status with their dates.</summary>
    public IAsyncEnumerable<Stored<CodeBatch>> QueryDatesUnsettledAsync(CancellationToken cancellationToken) =>
        _batches.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"DatesSettled eq {false} and (Status eq {nameof(CodeBatchStatus.Completed)} or Status eq {nameof(CodeBatchStatus.CompletedWithErrors)})"), cancellationToken);

    /// <summary>A page of the offer's batches.</summary>
    public Task<DocumentPage<CodeBatch>> GetPageForOfferAsync(BrandId brand, OfferId offer, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _batches.QueryPageAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Brand(brand)} and OfferId eq {offer.Value}"), pageSize, continuationToken, cancellationToken);

    /// <summary>
    /// Writes items in transactions of up to 100 rows, several at once (a plan of 100,000 members is 1,000
    /// transactions); upserts, so writing the same items again is harmless.
    /// </summary>
    public async Task UpsertItemsAsync(BrandId brand, CodeBatchId batch, IEnumerable<BatchItem> items, CancellationToken cancellationToken)
    {
        var partition = Keys.Scoped(brand, batch.Value);
        await Parallel.ForEachAsync(
            items.Chunk(MaxRowsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTransactions, CancellationToken = cancellationToken },
            async (slice, ct) =>
            {
                var result = await _items.SubmitAsync(slice.Select(i => new DocumentWrite<BatchItem>(DocumentWriteKind.Upsert, partition, ItemRowKey(i), i)).ToArray(), ct);
                if (!result.IsOk)
                {
                    throw new InvalidOperationException($"Writing batch items failed with {result.Status}.");
                }
            });
    }

    public async Task<IReadOnlyList<BatchItem>> GetChunkItemsAsync(BrandId brand, CodeBatchId batch, int chunk, CancellationToken cancellationToken)
    {
        var prefix = chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator;
        var filter = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Scoped(brand, batch.Value)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var items = new List<BatchItem>();
        await foreach (var item in _items.QueryAsync(filter, cancellationToken))
        {
            items.Add(item.Value);
        }

        return items;
    }

    /// <summary>
    /// A page of the batch's items in chunk order; the token is the last row key returned. Each query asks only
    /// for the chunks that can fill what is left of the page, so the store matches and orders about a page, not
    /// every item of the batch (Azurite sorts all matches before it takes the page).
    /// </summary>
    public async Task<DocumentPage<BatchItem>> GetItemsPageAsync(CodeBatch batch, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var partition = Keys.Scoped(batch.BrandId, batch.Id.Value);
        var after = ContinuationTokens.Decode(continuationToken);
        var chunk = after is null ? 0 : ChunkOf(after);
        var chunks = batch.Chunks.Count;
        var items = new List<Stored<BatchItem>>(Math.Min(pageSize, batch.Total));
        var more = false;
        while (!more && chunk < chunks)
        {
            var remaining = pageSize - items.Count;
            var window = (remaining + CodeBatch.ChunkSize - 1) / CodeBatch.ChunkSize;
            var end = ChunkStart(chunk + window);
            var filter = after is null
                ? Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {end}")
                : Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {end}");

            // One row past the page says whether another page follows without a query that finds nothing.
            await foreach (var item in _items.QueryAsync(filter, maxPerPage: remaining + 1, cancellationToken))
            {
                if (items.Count == pageSize)
                {
                    more = true;
                    break;
                }

                items.Add(item);
                after = ItemRowKey(item.Value);
            }

            chunk += window;
            more |= items.Count == pageSize && chunk < chunks; // every chunk holds at least one item
        }

        return new DocumentPage<BatchItem>(items, more ? ContinuationTokens.Encode(after) : null);
    }

    private static string ChunkStart(int chunk) => chunk.ToString("D5", CultureInfo.InvariantCulture);

    private static int ChunkOf(string rowKey) =>
        rowKey.Length > 5 && int.TryParse(rowKey.AsSpan(0, 5), NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
            ? chunk
            : throw new InvalidContinuationTokenException();

    public async IAsyncEnumerable<BatchItem> GetAllItemsAsync(BrandId brand, CodeBatchId batch, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _items.QueryPartitionAsync(Keys.Scoped(brand, batch.Value), cancellationToken))
        {
            yield return item.Value;
        }
    }
}
