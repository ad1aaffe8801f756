using System.Globalization;
using System.Runtime.CompilerServices;
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

/// <summary>A send waiting to be dispatched: scheduled, or immediate and not yet confirmed dispatched.</summary>
public sealed record DueEmailSend(BrandId BrandId, EmailSendId SendId, DateTimeOffset DueAt);

/// <summary>
/// Email sends (PK brand, RK send id), their recipients (PK brand|send, RK chunk|member, so a chunk is one
/// range of one partition and one 100-row transaction) and the dispatch index <c>emaildue</c>
/// (PK "due", RK due time|brand|send). The index is the one cross-brand partition here: the timer must find
/// every brand's due sends with one range query rather than scan every send ever made.
/// </summary>
public sealed class EmailSendStore(StorageClients storage)
{
    private const string DuePartition = "due";
    private const string StatusColumn = "Status";
    private const int MaxParallelWrites = 8;

    private readonly DocumentTable<EmailSend> _sends = new(storage.Table(TableNames.EmailSends));
    private readonly DocumentTable<EmailRecipientRecord> _recipients = new(
        storage.Table(TableNames.EmailRecipients),
        r => new Dictionary<string, object?> { [StatusColumn] = r.Status });

    private readonly DocumentTable<DueEmailSend> _due = new(storage.Table(TableNames.EmailDue));

    public static string RecipientPartition(BrandId brand, EmailSendId send) => Keys.Scoped(brand, send.Value);

    public Task<Stored<EmailSend>?> GetAsync(BrandId brand, EmailSendId id, CancellationToken cancellationToken) =>
        _sends.GetAsync(Keys.Brand(brand), id.Value, cancellationToken);

    /// <summary>Inserts the send; Conflict when a send with this id exists already (a concurrent retry wrote it).</summary>
    public Task<WriteResult> InsertAsync(EmailSend send, CancellationToken cancellationToken) =>
        _sends.InsertAsync(Keys.Brand(send.BrandId), send.Id.Value, send, cancellationToken);

    /// <summary>Applies <paramref name="change"/> until it wins against concurrent writers (ETag). Null when the send does not exist.</summary>
    public async Task<EmailSend?> UpdateAsync(BrandId brand, EmailSendId id, Func<EmailSend, EmailSend> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await GetAsync(brand, id, cancellationToken);
            if (stored is null)
            {
                return null;
            }

            var changed = change(stored.Value);
            if (ReferenceEquals(changed, stored.Value) || changed == stored.Value)
            {
                return stored.Value;
            }

            if ((await _sends.ReplaceAsync(Keys.Brand(brand), id.Value, changed, stored.ETag, cancellationToken)).IsOk)
            {
                return changed;
            }

            await Task.Delay(Random.Shared.Next(5, 20 + (Math.Min(attempt, 10) * 10)), cancellationToken);
        }
    }

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

    /// <summary>The recipients still Queued, by key only.</summary>
    public async IAsyncEnumerable<RecipientKey> GetQueuedAsync(BrandId brand, EmailSendId send, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)} and Status eq {"Queued"}");
        await foreach (var row in _recipients.Client.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return RecipientKey.Parse(row.RowKey);
        }
    }

    public async Task<DocumentPage<EmailRecipient>> GetRecipientsPageAsync(BrandId brand, EmailSendId send, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RecipientPartition(brand, send)}");
        var page = await _recipients.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
        return new DocumentPage<EmailRecipient>(
            page.Items.Select(s => new Stored<EmailRecipient>(s.PartitionKey, s.RowKey, s.Value.ToRecipient(), s.ETag, s.Timestamp)).ToArray(),
            page.ContinuationToken);
    }

    /// <summary>Notes that <paramref name="send"/> must be dispatched at its <see cref="EmailSend.DispatchDueAt"/>; writing it twice is harmless.</summary>
    public Task AddDueAsync(EmailSend send, CancellationToken cancellationToken) =>
        _due.UpsertAsync(DuePartition, DueRowKey(send.BrandId, send.Id, send.DispatchDueAt), new DueEmailSend(send.BrandId, send.Id, send.DispatchDueAt), cancellationToken);

    public Task RemoveDueAsync(DueEmailSend due, CancellationToken cancellationToken) =>
        _due.DeleteAsync(DuePartition, DueRowKey(due.BrandId, due.SendId, due.DueAt), etag: null, cancellationToken);

    /// <summary>The sends due at <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DueEmailSend>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var upTo = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DuePartition} and RowKey lt {upTo}");
        var due = new List<DueEmailSend>();
        await foreach (var row in _due.QueryAsync(filter, cancellationToken))
        {
            due.Add(row.Value);
            if (due.Count >= limit)
            {
                break;
            }
        }

        return due;
    }

    private static string DueRowKey(BrandId brand, EmailSendId send, DateTimeOffset dueAt) =>
        $"{dueAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}{Keys.Separator}{brand.Value}{Keys.Separator}{send.Value}";
}
