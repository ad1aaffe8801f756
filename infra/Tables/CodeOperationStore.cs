using PromoServerless.Domain.Codes.Operations;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Bulk code operations: the operation (PK brand, RK operation id) and each member's step (PK brand|operation,
/// RK member), so one operation's steps are one partition and are written in 100-row transactions.
/// </summary>
public sealed class CodeOperationStore(StorageClients storage)
{
    private const int MaxRowsPerTransaction = 100;
    private readonly DocumentTable<CodeOperation> _operations = new(storage.Table(TableNames.CodeOperations));
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
    public async Task<CodeOperation> UpdateAsync(BrandId brand, string operationId, Func<CodeOperation, CodeOperation> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await _operations.GetAsync(Keys.Brand(brand), operationId, cancellationToken)
                ?? throw new InvalidOperationException($"Operation {operationId} is missing.");
            var changed = change(stored.Value);
            if (changed == stored.Value)
            {
                return changed;
            }

            if ((await _operations.ReplaceAsync(stored.PartitionKey, stored.RowKey, changed, stored.ETag, cancellationToken)).IsOk)
            {
                return changed;
            }

            await Task.Delay(Random.Shared.Next(5, 30), cancellationToken);
        }
    }

    public async Task<Dictionary<MemberId, CodeOperationStep>> GetStepsAsync(BrandId brand, string operationId, CancellationToken cancellationToken)
    {
        var steps = new Dictionary<MemberId, CodeOperationStep>();
        await foreach (var step in _steps.QueryPartitionAsync(StepPartition(brand, operationId), cancellationToken))
        {
            steps[step.Value.MemberId] = step.Value;
        }

        return steps;
    }

    /// <summary>Writes steps in transactions of up to 100; upserts, so a retry writes the same state again.</summary>
    public async Task SaveStepsAsync(BrandId brand, string operationId, IEnumerable<CodeOperationStep> steps, CancellationToken cancellationToken)
    {
        var partition = StepPartition(brand, operationId);
        foreach (var slice in steps.Chunk(MaxRowsPerTransaction))
        {
            var result = await _steps.SubmitAsync(slice.Select(s => new DocumentWrite<CodeOperationStep>(DocumentWriteKind.Upsert, partition, s.MemberId.Value, s)).ToArray(), cancellationToken);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing operation steps failed with {result.Status}.");
            }
        }
    }

    private static string StepPartition(BrandId brand, string operationId) => Keys.Scoped(brand, operationId);
}
