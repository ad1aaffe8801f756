using System.Globalization;
using Azure.Data.Tables;
using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Bulk code operations: the operation (PK brand, RK operation id) and each member's step (PK brand|operation,
/// RK the member's position in the request), so one operation's steps are one partition, a chunk of them is one
/// row-key range, and they page in request order. Steps are written in 100-row transactions.
/// </summary>
public sealed class CodeOperationStore(StorageClients storage)
{
    private const int MaxRowsPerTransaction = 100;
    private const int MaxParallelWrites = 8;
    // Chunks of one operation finish together and race for its row.
    private const int MaxAttempts = 20;

    private readonly DocumentTable<CodeOperation> _operations = new(storage.Table(TableNames.CodeOperations), o => new Dictionary<string, object?>
    {
        ["OfferId"] = o.OfferId.Value,
        ["Action"] = o.Action.ToString(),
        ["Status"] = o.Status.ToString(),
        ["CreatedAt"] = o.CreatedAt,
        ["StartsAt"] = o.StartsAt,
        ["EndsAt"] = o.EndsAt,
        ["CompletedAt"] = o.CompletedAt,
        ["FailureReason"] = o.FailureReason,
    });
    private readonly DocumentTable<CodeOperationStep> _steps = new(storage.Table(TableNames.CodeOperations));

    public async Task<CodeOperation?> GetAsync(BrandId brand, string operationId, CancellationToken cancellationToken) =>
        (await _operations.GetAsync(Keys.Brand(brand), operationId, cancellationToken))?.Value;

    /// <summary>Stores a new operation, or returns the one a previous try stored under the same id.</summary>
    public async Task<CodeOperation> GetOrCreateAsync(CodeOperation operation, CancellationToken cancellationToken)
    {
        var inserted = await _operations.InsertAsync(Keys.Brand(operation.BrandId), operation.Id, operation, cancellationToken);
        return inserted.IsOk ? operation : await GetAsync(operation.BrandId, operation.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Operation {operation.Id} vanished between insert and read.");
    }

    /// <summary>Applies <paramref name="change"/> to the stored operation until the write wins (ETag). Returns the operation as stored.</summary>
    public async Task<CodeOperation> UpdateAsync(BrandId brand, string operationId, Func<CodeOperation, CodeOperation> change, CancellationToken cancellationToken) =>
        (await _operations.UpdateAsync(Keys.Brand(brand), operationId, change, MaxAttempts, cancellationToken)).ValueOrNull()
            ?? throw new InvalidOperationException($"Operation {operationId} is missing.");

    /// <summary>The steps of one chunk, by member.</summary>
    public async Task<Dictionary<MemberId, CodeOperationStep>> GetChunkStepsAsync(BrandId brand, string operationId, int chunk, CancellationToken cancellationToken)
    {
        var first = StepRowKey(chunk * CodeOperation.ChunkSize);
        var last = StepRowKey(((chunk + 1) * CodeOperation.ChunkSize) - 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StepPartition(brand, operationId)} and RowKey ge {first} and RowKey le {last}");
        return await CollectAsync(_steps.QueryAsync(filter, cancellationToken), cancellationToken);
    }

    /// <summary>Every step of the operation, by member.</summary>
    public Task<Dictionary<MemberId, CodeOperationStep>> GetStepsAsync(BrandId brand, string operationId, CancellationToken cancellationToken) =>
        CollectAsync(_steps.QueryPartitionAsync(StepPartition(brand, operationId), cancellationToken), cancellationToken);

    /// <summary>One page of steps in request order.</summary>
    public async Task<DocumentPage<CodeOperationStep>> GetStepsPageAsync(BrandId brand, string operationId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        await _steps.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StepPartition(brand, operationId)}"), pageSize, continuationToken, cancellationToken);

    /// <summary>Writes steps in transactions of up to 100, several at once; upserts, so a retry writes the same state again.</summary>
    public Task SaveStepsAsync(BrandId brand, string operationId, IEnumerable<CodeOperationStep> steps, CancellationToken cancellationToken)
    {
        var partition = StepPartition(brand, operationId);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelWrites, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(steps.Chunk(MaxRowsPerTransaction), options, async (slice, ct) =>
        {
            var result = await _steps.SubmitAsync(slice.Select(s => new DocumentWrite<CodeOperationStep>(DocumentWriteKind.Upsert, partition, StepRowKey(s.Position), s)).ToArray(), ct);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing operation steps failed with {result.Status}.");
            }
        });
    }

    private static async Task<Dictionary<MemberId, CodeOperationStep>> CollectAsync(IAsyncEnumerable<Stored<CodeOperationStep>> rows, CancellationToken cancellationToken)
    {
        var steps = new Dictionary<MemberId, CodeOperationStep>();
        await foreach (var step in rows.WithCancellation(cancellationToken))
        {
            steps[step.Value.MemberId] = step.Value;
        }

        return steps;
    }

    private static string StepPartition(BrandId brand, string operationId) => Keys.Scoped(brand, operationId);

    private static string StepRowKey(int position) => position.ToString("D7", CultureInfo.InvariantCulture);
}
