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
    /// either every row changes or none. A lost race re-reads and applies the change again (<see cref="ETagUpdates"/>),
    /// up to <paramref name="maxAttempts"/> times.
    /// </summary>
    public static async Task<GroupUpdateResult<T>> UpdateGroupAsync<T>(
        this DocumentTable<T> table,
        string partitionKey,
        IReadOnlyList<string> rowKeys,
        Func<IReadOnlyList<T?>, IReadOnlyList<T?>> change,
        int maxAttempts,
        CancellationToken cancellationToken)
        where T : class
    {
        var update = await ETagUpdates.RunAsync<Stored<T>?[], List<DocumentWrite<T>>>(
            maxAttempts,
            ct => Task.WhenAll(rowKeys.Select(row => table.GetAsync(partitionKey, row, ct))),
            stored =>
            {
                var before = stored.Select(s => s?.Value).ToArray();
                var after = change(before);
                var writes = new List<DocumentWrite<T>>();
                for (var i = 0; i < rowKeys.Count; i++)
                {
                    if (after[i] is not { } changed || ReferenceEquals(changed, before[i]) || changed.Equals(before[i]))
                    {
                        continue;
                    }

                    writes.Add(stored[i] is { } row
                        ? new DocumentWrite<T>(DocumentWriteKind.Replace, partitionKey, rowKeys[i], changed, row.ETag)
                        : new DocumentWrite<T>(DocumentWriteKind.Insert, partitionKey, rowKeys[i], changed));
                }

                return writes.Count == 0 ? ETagDecision<List<DocumentWrite<T>>>.Keep : ETagDecision<List<DocumentWrite<T>>>.Write(writes);
            },
            (_, writes, ct) => table.SubmitAsync(writes, ct),
            cancellationToken);

        var rows = update.Read.Select(s => s?.Value).ToArray();
        foreach (var write in update.Written ?? [])
        {
            rows[IndexOf(rowKeys, write.RowKey)] = write.Document;
        }

        return new GroupUpdateResult<T>(
            update.Status switch
            {
                ETagUpdateStatus.Written => UpdateStatus.Updated,
                ETagUpdateStatus.Contended => UpdateStatus.Contended,
                _ => UpdateStatus.Unchanged,
            },
            rows);
    }

    private static int IndexOf(IReadOnlyList<string> rowKeys, string rowKey)
    {
        for (var i = 0; i < rowKeys.Count; i++)
        {
            if (rowKeys[i] == rowKey)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Row {rowKey} was not asked for.");
    }
}
