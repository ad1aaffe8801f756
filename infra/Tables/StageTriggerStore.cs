using Azure.Data.Tables;
using PromoServerless.Domain.Automation;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// Stage-triggered members and the trigger windows of one offer, in one partition (PK brand|offer): members under
/// RK <c>member|id</c>, windows under RK <c>window|trigger key</c>. One partition lets a window's generation take
/// its members in 100-row transactions.
/// </summary>
public sealed class StageTriggerStore(StorageClients storage)
{
    private const int MaxRowsPerTransaction = 100;
    private const int MaxParallelRequests = 16;
    private const int MaxAttempts = 10;
    private const string MemberPrefix = "member|";
    private const string MemberPrefixEnd = "member}"; // '}' follows '|': the end of the member| range
    private const string WindowPrefix = "window|";

    private readonly DocumentTable<TriggeredMember> _members = new(storage.Table(TableNames.StageTriggers));
    private readonly DocumentTable<TriggerWindow> _windows = new(storage.Table(TableNames.StageTriggers));

    private static string Partition(BrandId brand, OfferId offer) => Keys.Scoped(brand, offer.Value);

    /// <summary>
    /// Records that the members entered the trigger's stage, once per member and offer (a member recorded before,
    /// by any trigger, keeps that record). Answers the members still waiting for this trigger's generation, new or not,
    /// so a retried request still makes sure their window runs.
    /// </summary>
    public async Task<IReadOnlyList<MemberId>> RecordAsync(BrandId brand, OfferId offer, string triggerKey, IReadOnlyCollection<MemberId> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        var waiting = new System.Collections.Concurrent.ConcurrentBag<MemberId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(members.Distinct().Chunk(MaxRowsPerTransaction), options, async (chunk, ct) =>
        {
            // The common case, nobody recorded yet, is one transaction; any row already there sends the chunk row by row.
            var writes = chunk.Select(m => new DocumentWrite<TriggeredMember>(DocumentWriteKind.Insert, partition, MemberRow(m), new TriggeredMember(m, triggerKey, now))).ToArray();
            if ((await _members.SubmitAsync(writes, ct)).IsOk)
            {
                chunk.ToList().ForEach(waiting.Add);
                return;
            }

            foreach (var member in chunk)
            {
                if ((await _members.InsertAsync(partition, MemberRow(member), new TriggeredMember(member, triggerKey, now), ct)).IsOk)
                {
                    waiting.Add(member);
                }
                else if (await _members.GetAsync(partition, MemberRow(member), ct) is { Value: { IsPending: true } row } && row.TriggerKey == triggerKey)
                {
                    waiting.Add(member);
                }
            }
        });
        return waiting.ToArray();
    }

    /// <summary>The member's record in the offer, if their entering a trigger stage was ever recorded.</summary>
    public async Task<TriggeredMember?> GetMemberAsync(BrandId brand, OfferId offer, MemberId member, CancellationToken cancellationToken) =>
        (await _members.GetAsync(Partition(brand, offer), MemberRow(member), cancellationToken))?.Value;

    public async Task<TriggerWindow?> GetWindowAsync(BrandId brand, OfferId offer, string triggerKey, CancellationToken cancellationToken) =>
        (await _windows.GetAsync(Partition(brand, offer), WindowPrefix + triggerKey, cancellationToken))?.Value;

    /// <summary>
    /// Opens a window with <paramref name="windowId"/> unless one is open. Answers the window as stored and whether
    /// this call opened it: exactly one caller opens each window, and it starts the window's orchestration.
    /// </summary>
    public async Task<(TriggerWindow Window, bool Opened)> OpenWindowAsync(BrandId brand, OfferId offer, string triggerKey, CodeBatchId windowId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        var row = WindowPrefix + triggerKey;
        var fresh = TriggerWindow.Opened(windowId, now);
        if ((await _windows.InsertAsync(partition, row, fresh, cancellationToken)).IsOk)
        {
            return (fresh, true);
        }

        var updated = await _windows.UpdateAsync(partition, row, w => w.Reopen(windowId, now), MaxAttempts, cancellationToken);
        var window = updated.ValueOrNull() ?? throw new InvalidOperationException($"Trigger window {row} vanished.");
        return (window, updated.Status == UpdateStatus.Updated && window.WindowId == windowId);
    }

    /// <summary>Closes the window (once; a later window is left alone).</summary>
    public async Task CloseWindowAsync(BrandId brand, OfferId offer, string triggerKey, CodeBatchId windowId, CancellationToken cancellationToken) =>
        (await _windows.UpdateAsync(Partition(brand, offer), WindowPrefix + triggerKey, w => w.Close(windowId), MaxAttempts, cancellationToken)).ValueOrNull();

    /// <summary>
    /// Takes every member waiting for the trigger into <paramref name="batch"/>, under their ETags, and answers all the
    /// members the batch holds (a second call answers the same members and any that started waiting since).
    /// </summary>
    public async Task<IReadOnlyList<MemberId>> ClaimWaitingAsync(BrandId brand, OfferId offer, string triggerKey, CodeBatchId batch, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {MemberPrefix} and RowKey lt {MemberPrefixEnd}");
        var rows = new List<Stored<TriggeredMember>>();
        await foreach (var row in _members.QueryAsync(filter, cancellationToken))
        {
            if ((row.Value.IsPending && row.Value.TriggerKey == triggerKey) || row.Value.BatchId == batch)
            {
                rows.Add(row);
            }
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<MemberId>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(rows.Chunk(MaxRowsPerTransaction), options, async (chunk, ct) =>
        {
            var writes = chunk.Where(r => r.Value.IsPending)
                .Select(r => new DocumentWrite<TriggeredMember>(DocumentWriteKind.Replace, partition, r.RowKey, r.Value.ClaimFor(batch), r.ETag))
                .ToArray();
            if (!(await _members.SubmitAsync(writes, ct)).IsOk)
            {
                // Another window took some of these in between: claim row by row, and keep what this batch got.
                foreach (var row in chunk)
                {
                    if ((await _members.UpdateAsync(partition, row.RowKey, m => m.ClaimFor(batch), MaxAttempts, ct)).ValueOrNull() is { } after && after.BatchId == batch)
                    {
                        claimed.Add(after.MemberId);
                    }
                }

                return;
            }

            chunk.Select(r => r.Value.MemberId).ToList().ForEach(claimed.Add);
        });
        return claimed.OrderBy(m => m.Value, StringComparer.Ordinal).ToArray();
    }

    private static string MemberRow(MemberId member) => MemberPrefix + member.Value;
}
