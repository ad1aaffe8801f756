using System.Globalization;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>A recipient row as stored: the domain status flattened into columns a query can filter on.</summary>
public sealed record EmailRecipientRecord(
    string MemberId,
    int Chunk,
    string? Email,
    string Status,
    SkipReason? SkipReason,
    string? FailureReason,
    string? MessageId,
    DateTimeOffset? SentAt,
    RecipientContent? Content,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClaimedUntil)
{
    public static EmailRecipientRecord From(EmailRecipient r) => new(
        r.MemberId.Value,
        r.Chunk,
        r.Email,
        r.Status.Name,
        (r.Status as RecipientStatus.Skipped)?.Reason,
        (r.Status as RecipientStatus.Failed)?.Reason,
        (r.Status as RecipientStatus.Sent)?.MessageId,
        (r.Status as RecipientStatus.Sent)?.SentAt,
        r.Content,
        r.UpdatedAt,
        r.ClaimedUntil);

    public EmailRecipient ToRecipient() => new(new MemberId(MemberId), Chunk, Email, ToStatus(), Content, UpdatedAt, ClaimedUntil);

    private RecipientStatus ToStatus() => Status switch
    {
        "Sent" => new RecipientStatus.Sent(SentAt ?? UpdatedAt, MessageId ?? string.Empty),
        "Failed" => new RecipientStatus.Failed(FailureReason ?? string.Empty),
        "Skipped" => new RecipientStatus.Skipped(SkipReason ?? Domain.Emails.SkipReason.NoCode),
        _ => RecipientStatus.Queue(),
    };
}

/// <summary>Where a recipient row is: the send's partition and the row's place in its chunk.</summary>
public readonly record struct RecipientKey(int Chunk, MemberId MemberId)
{
    public string RowKey => Chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator + MemberId.Value;

    public static RecipientKey Parse(string rowKey)
    {
        var separator = rowKey.IndexOf(Keys.Separator, StringComparison.Ordinal);
        return new RecipientKey(int.Parse(rowKey.AsSpan(0, separator), CultureInfo.InvariantCulture), new MemberId(rowKey[(separator + 1)..]));
    }
}

/// <summary>One slice of the member ids a request named, in the request's order.</summary>
public sealed record RequestedMembers(IReadOnlyList<string> Ids);

/// <summary>
/// Email sends (PK brand, RK send id), the member ids a request named (same table, PK brand|send, RK
/// "members|slice", written with the send so the API does no per-recipient work) and the recipients (PK
/// brand|send, RK chunk|member, so a chunk is one range of one partition and one 100-row transaction).
/// </summary>
public sealed class EmailSendStore(StorageClients storage)
{
    private const string StatusColumn = "Status";
    private static readonly string RequestedPrefix = "members" + Keys.Separator;
    private const int MaxParallelWrites = 8;

    /// <summary>Ids per requested-members row: about 17 KB of JSON, well inside a row's 64 KB column.</summary>
    private const int IdsPerRow = 500;

    // Chunks of one send finish together and race for its row.
    private const int MaxAttempts = 30;

    private readonly DocumentTable<EmailSend> _sends = new(storage.Table(TableNames.EmailSends), s =>
    {
        var counts = s.Counts;
        return new Dictionary<string, object?>
        {
            ["OfferId"] = s.OfferId.Value,
            ["Origin"] = s.Origin,
            ["CreatedAt"] = s.CreatedAt,
            ["SendAt"] = s.SendAt,
            ["CompletedAt"] = s.CompletedAt,
            ["Planned"] = s.Planned,
            ["Total"] = counts.Total,
            ["Queued"] = counts.Queued,
            ["Sent"] = counts.Sent,
            ["Failed"] = counts.Failed,
            ["Skipped"] = counts.Skipped,
        };
    });

    // The status column is the one a query reads on its own; every other field lives in the document, as the
    // transactions below write it.
    private readonly DocumentTable<EmailRecipientRecord> _recipients = new(storage.Table(TableNames.EmailRecipients), r => new Dictionary<string, object?>
    {
        [StatusColumn] = r.Status,
    });

    private readonly DocumentTable<RequestedMembers> _requested = new(storage.Table(TableNames.EmailSends));

    public static string RecipientPartition(BrandId brand, EmailSendId send) => Keys.Scoped(brand, send.Value);

    public Task<Stored<EmailSend>?> GetAsync(BrandId brand, EmailSendId id, CancellationToken cancellationToken) =>
        _sends.GetAsync(Keys.Brand(brand), id.Value, cancellationToken);

    /// <summary>Inserts the send; Conflict when a send with this id exists already (a concurrent retry wrote it).</summary>
    public Task<WriteResult> InsertAsync(EmailSend send, CancellationToken cancellationToken) =>
        _sends.InsertAsync(Keys.Brand(send.BrandId), send.Id.Value, send, cancellationToken);

    /// <summary>Applies <paramref name="change"/> until it wins against concurrent writers (ETag). Null when the send does not exist.</summary>
    public async Task<EmailSend?> UpdateAsync(BrandId brand, EmailSendId id, Func<EmailSend, EmailSend> change, CancellationToken cancellationToken) =>
        (await _sends.UpdateAsync(Keys.Brand(brand), id.Value, change, MaxAttempts, cancellationToken)).ValueOrNull();

    /// <summary>
    /// Writes the recipients one chunk per transaction, as inserts: a chunk already written (by an earlier,
    /// interrupted attempt at the same send) is left as it is, so a recipient already sent is never reset to Queued.
    /// </summary>
    public Task InsertRecipientsAsync(BrandId brand, EmailSendId send, IReadOnlyList<EmailRecipient> recipients, CancellationToken cancellationToken)
    {
        var partition = RecipientPartition(brand, send);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelWrites, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(recipients.GroupBy(r => r.Chunk), options, async (chunk, ct) =>
        {
            var writes = chunk
                .Select(r => new DocumentWrite<EmailRecipientRecord>(DocumentWriteKind.Insert, partition, new RecipientKey(r.Chunk, r.MemberId).RowKey, EmailRecipientRecord.From(r)))
                .ToArray();
            var result = await _recipients.SubmitAsync(writes, ct);
            if (!result.IsOk && result.Status != WriteStatus.Conflict)
            {
                throw new InvalidOperationException($"Writing email recipients failed with {result.Status}.");
            }
        });
    }

    public async Task<Stored<EmailRecipient>?> GetRecipientAsync(BrandId brand, EmailSendId send, RecipientKey key, CancellationToken cancellationToken)
    {
        var stored = await _recipients.GetAsync(RecipientPartition(brand, send), key.RowKey, cancellationToken);
        return stored is null ? null : new Stored<EmailRecipient>(stored.PartitionKey, stored.RowKey, stored.Value.ToRecipient(), stored.ETag, stored.Timestamp);
    }

    /// <summary>Replaces the row if it still has <paramref name="etag"/>; the new ETag comes back in the result.</summary>
    public Task<WriteResult> ReplaceRecipientAsync(BrandId brand, EmailSendId send, EmailRecipient recipient, string etag, CancellationToken cancellationToken) =>
        _recipients.ReplaceAsync(RecipientPartition(brand, send), new RecipientKey(recipient.Chunk, recipient.MemberId).RowKey, EmailRecipientRecord.From(recipient), etag, cancellationToken);

    /// <summary>
    /// Replaces several rows of one send at once, each only if it still has its ETag: one storage transaction,
    /// so claiming a group of recipients costs one request, not one per row. Answers the new ETags in order, or
    /// null when any row had changed (then nothing was written).
    /// </summary>
    public async Task<IReadOnlyList<string>?> ReplaceRecipientsAsync(BrandId brand, EmailSendId send, IReadOnlyList<(EmailRecipient Recipient, string ETag)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var partition = RecipientPartition(brand, send);
        var actions = rows.Select(r => new TableTransactionAction(
            TableTransactionActionType.UpdateReplace,
            RecipientEntity(partition, EmailRecipientRecord.From(r.Recipient)),
            new Azure.ETag(r.ETag))).ToArray();
        try
        {
            var answers = await _recipients.Client.SubmitTransactionAsync(actions, cancellationToken);
            return answers.Value.Select(a => a.Headers.ETag?.ToString() ?? throw new InvalidOperationException("A transaction answer carried no ETag.")).ToArray();
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Recounts one chunk from its rows, reading only their status column.</summary>
    public async Task<RecipientChunk> CountChunkAsync(BrandId brand, EmailSendId send, int chunk, CancellationToken cancellationToken)
    {
        var prefix = chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var statuses = new List<RecipientStatus>();
        await foreach (var row in _recipients.Client.QueryAsync<TableEntity>(filter, maxPerPage: EmailSend.ChunkSize, select: [StatusColumn], cancellationToken: cancellationToken))
        {
            statuses.Add(row.GetString(StatusColumn) switch
            {
                "Sent" => new RecipientStatus.Sent(default, string.Empty),
                "Failed" => new RecipientStatus.Failed(string.Empty),
                "Skipped" => new RecipientStatus.Skipped(SkipReason.NoCode),
                _ => RecipientStatus.Queue(),
            });
        }

        return RecipientChunk.Count(statuses);
    }

    /// <summary>Every recipient row of one chunk with its ETag, in row-key order.</summary>
    public async Task<IReadOnlyList<Stored<EmailRecipient>>> GetChunkAsync(BrandId brand, EmailSendId send, int chunk, CancellationToken cancellationToken)
    {
        var prefix = chunk.ToString("D5", CultureInfo.InvariantCulture) + Keys.Separator;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var rows = new List<Stored<EmailRecipient>>(EmailSend.ChunkSize);
        await foreach (var row in _recipients.QueryAsync(filter, EmailSend.ChunkSize, cancellationToken))
        {
            rows.Add(new Stored<EmailRecipient>(row.PartitionKey, row.RowKey, row.Value.ToRecipient(), row.ETag, row.Timestamp));
        }

        return rows;
    }

    /// <summary>Stores the member ids a request named, in slices of one partition; writing them again writes the same rows.</summary>
    public async Task SaveRequestedMembersAsync(BrandId brand, EmailSendId send, IReadOnlyList<MemberId> ids, CancellationToken cancellationToken)
    {
        var partition = RecipientPartition(brand, send);
        var writes = ids.Chunk(IdsPerRow)
            .Select((slice, i) => new DocumentWrite<RequestedMembers>(DocumentWriteKind.Upsert, partition, RequestedPrefix + i.ToString("D5", CultureInfo.InvariantCulture), new RequestedMembers(slice.Select(id => id.Value).ToArray())))
            .ToArray();
        foreach (var transaction in writes.Chunk(100))
        {
            var result = await _requested.SubmitAsync(transaction, cancellationToken);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing the requested members failed with {result.Status}.");
            }
        }
    }

    /// <summary>The member ids the request named, in its order.</summary>
    public async Task<IReadOnlyList<MemberId>> GetRequestedMembersAsync(BrandId brand, EmailSendId send, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)} and RowKey ge {RequestedPrefix} and RowKey lt {RequestedPrefix + "~"}");
        var ids = new List<MemberId>();
        await foreach (var row in _requested.QueryAsync(filter, cancellationToken))
        {
            ids.AddRange(row.Value.Ids.Select(id => new MemberId(id)));
        }

        return ids;
    }

    /// <summary>A recipient row as <see cref="DocumentTable{T}"/> writes it (the document in <c>Data</c>, plus the status column), for the transaction above, whose answers carry the rows' new ETags.</summary>
    private static TableEntity RecipientEntity(string partition, EmailRecipientRecord record) => new(partition, new RecipientKey(record.Chunk, new MemberId(record.MemberId)).RowKey)
    {
        ["Data"] = System.Text.Json.JsonSerializer.Serialize(record, StorageJson.Options),
        [StatusColumn] = record.Status,
    };

    public async Task<DocumentPage<EmailRecipient>> GetRecipientsPageAsync(BrandId brand, EmailSendId send, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)}");
        var page = await _recipients.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        return new DocumentPage<EmailRecipient>(
            page.Items.Select(s => new Stored<EmailRecipient>(s.PartitionKey, s.RowKey, s.Value.ToRecipient(), s.ETag, s.Timestamp)).ToArray(),
            page.ContinuationToken);
    }
}
