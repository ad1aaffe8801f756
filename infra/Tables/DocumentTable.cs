using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// A table whose rows carry one document as JSON in <c>Data</c>, plus optional typed columns (the column
/// selector) so a query, and an operator in Storage Browser, can filter on them. A column named like a
/// top-level property of <typeparamref name="T"/> must hold that property's value (a strong id's
/// <c>Value</c>, an enum's name); the property then lives in the column alone and <c>Data</c> keeps the rest.
/// ETags make concurrent writers safe; expected outcomes come back as results, not exceptions.
/// </summary>
public sealed class DocumentTable<T>
    where T : class
{
    private const string DataColumn = "Data";
    private readonly TableClient _client;
    private readonly Func<T, IReadOnlyDictionary<string, object?>>? _columns;

    public DocumentTable(TableClient client, Func<T, IReadOnlyDictionary<string, object?>>? columns = null)
    {
        _client = client;
        _columns = columns;
    }

    public TableClient Client => _client;

    public async Task<Stored<T>?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: null, cancellationToken);
        return response.HasValue ? ToStored(response.Value!) : null;
    }

    public async Task<WriteResult> InsertAsync(string partitionKey, string rowKey, T document, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.AddEntityAsync(ToEntity(partitionKey, rowKey, document), cancellationToken);
            return WriteResult.Ok(response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return WriteResult.Conflict;
        }
    }

    /// <summary>Replaces the row only if it still has <paramref name="etag"/>; a stale ETag gives PreconditionFailed.</summary>
    public async Task<WriteResult> ReplaceAsync(string partitionKey, string rowKey, T document, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.UpdateEntityAsync(ToEntity(partitionKey, rowKey, document), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return WriteResult.Ok(response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return WriteResult.PreconditionFailed;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return WriteResult.NotFound;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the row and writes it only if no one wrote in between (ETag), through
    /// <see cref="ETagUpdates"/>: a lost race re-reads the row and applies the change again, up to
    /// <paramref name="maxAttempts"/> times. A change that returns an equal document writes nothing.
    /// </summary>
    public async Task<UpdateResult<T>> UpdateAsync(string partitionKey, string rowKey, Func<T, T> change, int maxAttempts, CancellationToken cancellationToken)
    {
        var update = await ETagUpdates.RunAsync<Stored<T>?, T>(
            maxAttempts,
            ct => GetAsync(partitionKey, rowKey, ct),
            stored =>
            {
                if (stored is null)
                {
                    return ETagDecision<T>.Stop;
                }

                var changed = change(stored.Value);
                return ReferenceEquals(changed, stored.Value) || changed.Equals(stored.Value) ? ETagDecision<T>.Keep : ETagDecision<T>.Write(changed);
            },
            (stored, changed, ct) => ReplaceAsync(partitionKey, rowKey, changed, stored!.ETag, ct),
            cancellationToken);
        return update.Status switch
        {
            ETagUpdateStatus.Written => new UpdateResult<T>(UpdateStatus.Updated, update.Read! with { Value = update.Written!, ETag = update.ETag ?? update.Read.ETag }),
            ETagUpdateStatus.Kept => new UpdateResult<T>(UpdateStatus.Unchanged, update.Read),
            ETagUpdateStatus.Stopped => UpdateResult<T>.Missing,
            _ => new UpdateResult<T>(UpdateStatus.Contended, update.Read),
        };
    }

    public async Task<WriteResult> UpsertAsync(string partitionKey, string rowKey, T document, CancellationToken cancellationToken)
    {
        var response = await _client.UpsertEntityAsync(ToEntity(partitionKey, rowKey, document), TableUpdateMode.Replace, cancellationToken);
        return WriteResult.Ok(response.Headers.ETag?.ToString());
    }

    public async Task<WriteResult> DeleteAsync(string partitionKey, string rowKey, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteEntityAsync(partitionKey, rowKey, etag is null ? ETag.All : new ETag(etag), cancellationToken);
            return WriteResult.Ok(null);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return WriteResult.PreconditionFailed;
        }
    }

    /// <summary>
    /// Reads one page. <paramref name="filter"/> must come from <see cref="TableClient.CreateQueryFilter(FormattableString)"/>
    /// so values are escaped, never concatenated.
    /// </summary>
    public async Task<DocumentPage<T>> QueryPageAsync(string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var pages = _client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
            .AsPages(ContinuationTokens.Decode(continuationToken), pageSize);
        await foreach (var page in pages)
        {
            return new DocumentPage<T>(page.Values.Select(ToStored).ToArray(), ContinuationTokens.Encode(page.ContinuationToken));
        }

        return new DocumentPage<T>([], null);
    }

    public IAsyncEnumerable<Stored<T>> QueryAsync(string filter, CancellationToken cancellationToken) =>
        QueryAsync(filter, maxPerPage: 1000, cancellationToken);

    public async IAsyncEnumerable<Stored<T>> QueryAsync(string filter, int maxPerPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _client.QueryAsync<TableEntity>(filter, maxPerPage: maxPerPage, cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    public IAsyncEnumerable<Stored<T>> QueryPartitionAsync(string partitionKey, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken);

    /// <summary>
    /// Writes up to 100 rows of one partition atomically. A conflict or stale ETag on any row writes nothing
    /// and is reported as Conflict / PreconditionFailed.
    /// </summary>
    public async Task<WriteResult> SubmitAsync(IReadOnlyList<DocumentWrite<T>> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return WriteResult.Ok(null);
        }

        var actions = writes.Select(ToAction).ToList();
        try
        {
            await _client.SubmitTransactionAsync(actions, cancellationToken);
            return WriteResult.Ok(null);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return WriteResult.Conflict;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return WriteResult.PreconditionFailed;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            return WriteResult.NotFound;
        }
    }

    private TableTransactionAction ToAction(DocumentWrite<T> write)
    {
        var entity = ToEntity(write.PartitionKey, write.RowKey, write.Document);
        return write.Kind switch
        {
            DocumentWriteKind.Insert => new TableTransactionAction(TableTransactionActionType.Add, entity),
            DocumentWriteKind.Upsert => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            DocumentWriteKind.Replace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(write.ETag ?? "*")),
            _ => throw new ArgumentOutOfRangeException(nameof(write)),
        };
    }

    private TableEntity ToEntity(string partitionKey, string rowKey, T document)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        if (_columns is null)
        {
            entity[DataColumn] = JsonSerializer.Serialize(document, StorageJson.Options);
            return entity;
        }

        var json = JsonSerializer.SerializeToNode(document, StorageJson.Options)!.AsObject();
        foreach (var (name, value) in _columns(document))
        {
            entity[name] = value;
            if (value is not null && PromotedColumns<T>.Find(name) is { } column && json[column.JsonName] is { } stored && JsonNode.DeepEquals(stored, column.ToJson(value)))
            {
                json.Remove(column.JsonName);
            }
        }

        entity[DataColumn] = json.ToJsonString(StorageJson.Options);
        return entity;
    }

    private Stored<T> ToStored(TableEntity entity)
    {
        var data = entity.GetString(DataColumn) ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no Data.");
        var document = (_columns is null ? JsonSerializer.Deserialize<T>(data, StorageJson.Options) : FromColumns(data, entity))
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} holds null.");
        return new Stored<T>(entity.PartitionKey, entity.RowKey, document, entity.ETag.ToString(), entity.Timestamp);
    }

    /// <summary>
    /// The document from <c>Data</c> plus the properties kept in their own columns. A row written before a column
    /// existed has the property in <c>Data</c>, which then wins: old rows read unchanged and take the new shape
    /// when next written.
    /// </summary>
    private static T? FromColumns(string data, TableEntity entity)
    {
        JsonObject? json = null;
        foreach (var (name, value) in entity)
        {
            if (value is null || name is DataColumn or "PartitionKey" or "RowKey" or "Timestamp" || PromotedColumns<T>.Find(name) is not { } column)
            {
                continue;
            }

            json ??= JsonNode.Parse(data)!.AsObject();
            if (!json.ContainsKey(column.JsonName))
            {
                json[column.JsonName] = column.ToJson(value);
            }
        }

        return json is null ? JsonSerializer.Deserialize<T>(data, StorageJson.Options) : json.Deserialize<T>(StorageJson.Options);
    }
}

public sealed record Stored<T>(string PartitionKey, string RowKey, T Value, string ETag, DateTimeOffset? Timestamp);

public sealed record DocumentPage<T>(IReadOnlyList<Stored<T>> Items, string? ContinuationToken);

public enum DocumentWriteKind
{
    Insert,
    Upsert,
    Replace,
}

public sealed record DocumentWrite<T>(DocumentWriteKind Kind, string PartitionKey, string RowKey, T Document, string? ETag = null);

public enum UpdateStatus
{
    Updated,
    Unchanged,
    Missing,

    /// <summary>Every attempt lost the race to another writer; <see cref="UpdateResult{T}.Row"/> is the last row read.</summary>
    Contended,
}

public sealed record UpdateResult<T>(UpdateStatus Status, Stored<T>? Row)
    where T : class
{
    public static UpdateResult<T> Missing { get; } = new(UpdateStatus.Missing, null);

    /// <summary>
    /// The document as stored after the update, or null when the row is missing. Every attempt losing the race
    /// throws, so the caller's own retry (an activity's, a client's) takes over.
    /// </summary>
    public T? ValueOrNull() => Status switch
    {
        UpdateStatus.Missing => null,
        UpdateStatus.Contended => throw new RowContendedException(Row!.PartitionKey, Row.RowKey),
        _ => Row!.Value,
    };
}

public sealed class RowContendedException(string partitionKey, string rowKey)
    : Exception($"Row {partitionKey}/{rowKey} kept changing under the update; try again.");

public enum WriteStatus
{
    Ok,
    Conflict,
    PreconditionFailed,
    NotFound,
}

public readonly record struct WriteResult(WriteStatus Status, string? ETag)
{
    public static WriteResult Conflict => new(WriteStatus.Conflict, null);

    public static WriteResult PreconditionFailed => new(WriteStatus.PreconditionFailed, null);

    public static WriteResult NotFound => new(WriteStatus.NotFound, null);

    public bool IsOk => Status == WriteStatus.Ok;

    public static WriteResult Ok(string? etag) => new(WriteStatus.Ok, etag);
}
