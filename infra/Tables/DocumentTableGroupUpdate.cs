namespace PromoServerless.Infra.Tables;

/// <summary>The outcome of <see cref="DocumentTableGroupUpdate.UpdateGroupAsync{T}"/>: every row's document as stored afterwards (null for a row that does not exist).</summary>
public sealed record GroupUpdateResult<T>(UpdateStatus Status, IReadOnlyList<T?> Rows)
    where T : class;

public static class DocumentTableGroupUpdate
{
    /// <summary>
    /// The several-row form of <see cref="DocumentTable{T}.UpdateAsync"/>: reads rows of one partition, applies
    /// <paramref name="change"/> to all of them together (a missing row comes in as null; a null out leaves the row as
    /// it is) and writes the changed ones in one transaction conditioned on the ETags read (missing rows inserted), so
    /// either every row changes or none. A lost race re-reads and applies the change again (<see cref="LostRaces"/>),
    /// up to <paramref name="maxAttempts"/> times.
    /// </summary>
    public static Task<GroupUpdateResult<T>> UpdateGroupAsync<T>(
        this DocumentTable<T> table,
        string partitionKey,
        IReadOnlyList<string> rowKeys,
        Func<IReadOnlyList<T?>, IReadOnlyList<T?>> change,
        int maxAttempts,
        CancellationToken cancellationToken)
        where T : class
    {
        return LostRaces.RetryAsync(maxAttempts, async () =>
        {
            var stored = await Task.WhenAll(rowKeys.Select(row => table.GetAsync(partitionKey, row, cancellationToken)));
            var before = stored.Select(s => s?.Value).ToArray();
            var after = change(before);
            var writes = new List<DocumentWrite<T>>();
            var result = new T?[rowKeys.Count];
            for (var i = 0; i < rowKeys.Count; i++)
            {
                result[i] = after[i] ?? before[i];
                if (after[i] is not { } changed || ReferenceEquals(changed, before[i]) || changed.Equals(before[i]))
                {
                    continue;
                }

                writes.Add(stored[i] is { } row
                    ? new DocumentWrite<T>(DocumentWriteKind.Replace, partitionKey, rowKeys[i], changed, row.ETag)
                    : new DocumentWrite<T>(DocumentWriteKind.Insert, partitionKey, rowKeys[i], changed));
            }

            if (writes.Count == 0)
            {
                return RaceTry.Settled(new GroupUpdateResult<T>(UpdateStatus.Unchanged, result));
            }

            return (await table.SubmitAsync(writes, cancellationToken)).IsOk
                ? RaceTry.Settled(new GroupUpdateResult<T>(UpdateStatus.Updated, result))
                : RaceTry.Lost(new GroupUpdateResult<T>(UpdateStatus.Contended, before));
        }, cancellationToken);
    }
}
