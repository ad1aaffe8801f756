using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>
/// A row of an offer's sales shard: a conversion (RK the order id), the shard's figures (RK <c>~totals</c>) or one
/// member's figures in the shard (RK <c>~member|{id}</c>).
/// </summary>
public sealed record SalesRow(BrandId BrandId, Conversion? Conversion = null, SalesFigures? Figures = null, MemberId? MemberId = null);

/// <summary>What a conversion query selects: status and the placed-at window.</summary>
public sealed record ConversionFilter(ConversionStatus? Status = null, DateTimeOffset? PlacedFrom = null, DateTimeOffset? PlacedBefore = null);

/// <summary>
/// Conversions and the figures kept of them. An offer's conversions are spread over <see cref="ShardCount"/>
/// partitions by order id (PK brand|offer|sN); each partition also holds its figures, changed in the same
/// transaction as the conversion (after minus before), so the figures are exactly the sum of the conversions
/// whatever is retried or redelivered, and 200 events a second spread over several rows instead of racing for one.
/// The order trails (PK brand|orders, RK order id) say which offer an order's conversion is in, and hold refunds that
/// arrive before their order.
/// </summary>
public sealed class ConversionStore(StorageClients storage)
{
    public const int ShardCount = 8;
    private const string TotalsRow = "~totals";
    private const string MemberRowPrefix = "~member|";
    private const string ConversionKind = "conversion";
    private const string FiguresKind = "figures";
    private const string TrailKind = "trail";

    // A shard row takes a share of an offer's events; at 200 events/s over 8 shards a lost race is retried.
    private const int MaxAttempts = 20;

    private readonly DocumentTable<SalesRow> _rows = new(storage.Table(TableNames.Conversions), r => r.Conversion is { } c
        ? new Dictionary<string, object?>
        {
            ["Kind"] = ConversionKind,
            ["BrandId"] = r.BrandId.Value,
            ["OfferId"] = c.OfferId.Value,
            ["MemberId"] = c.MemberId.Value,
            ["Status"] = c.Status.ToString(),
            ["PlacedAt"] = c.PlacedAt,
            ["PayableAt"] = c.PayableAt,
            ["Payable"] = c.IsPayable,
        }
        : new Dictionary<string, object?> { ["Kind"] = FiguresKind, ["BrandId"] = r.BrandId.Value });

    private readonly DocumentTable<OrderTrail> _trails = new(storage.Table(TableNames.Conversions), _ => new Dictionary<string, object?> { ["Kind"] = TrailKind });

    public static string ShardOf(string orderId)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in orderId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return "s" + (hash % ShardCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Partition(BrandId brand, OfferId offer, string shard) => Keys.Scoped(brand, offer.Value, shard);

    private static string TrailPartition(BrandId brand) => Keys.Scoped(brand, "orders");

    public async Task<OrderTrail?> GetTrailAsync(BrandId brand, string orderId, CancellationToken cancellationToken) =>
        (await _trails.GetAsync(TrailPartition(brand), orderId, cancellationToken))?.Value;

    /// <summary>Applies <paramref name="change"/> to the order's trail (a new one when none exists) against concurrent writers; returns it as stored.</summary>
    public async Task<OrderTrail> UpdateTrailAsync(BrandId brand, string orderId, Func<OrderTrail, OrderTrail> change, CancellationToken cancellationToken)
    {
        // A change that makes nothing of a fresh trail (completing one) needs the stored row: no insert to try.
        var fresh = OrderTrail.New(orderId);
        var created = change(fresh);
        if (!ReferenceEquals(created, fresh) && (await _trails.InsertAsync(TrailPartition(brand), orderId, created, cancellationToken)).IsOk)
        {
            return created;
        }

        return (await _trails.UpdateAsync(TrailPartition(brand), orderId, change, MaxAttempts, cancellationToken)).ValueOrNull()
            ?? throw new InvalidOperationException($"The trail of order {orderId} vanished.");
    }

    /// <summary>
    /// Applies <paramref name="change"/> to an order's conversion (null when none exists yet; return null to leave it)
    /// and the difference it makes to the offer's and the member's figures, in one transaction. Returns the conversion as stored.
    /// </summary>
    public async Task<Conversion?> ApplyAsync(BrandId brand, OfferId offer, MemberId member, string orderId, Func<Conversion?, Conversion?> change, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer, ShardOf(orderId));
        var result = await _rows.UpdateGroupAsync(
            partition,
            [orderId, TotalsRow, MemberRowPrefix + member.Value],
            rows =>
            {
                var before = rows[0]?.Conversion;
                var after = change(before);
                if (after is null || ReferenceEquals(after, before))
                {
                    return [null, null, null];
                }

                var delta = SalesFigures.Of(after) - SalesFigures.Of(before);
                return
                [
                    new SalesRow(brand, after),
                    new SalesRow(brand, Figures: (rows[1]?.Figures ?? SalesFigures.Empty) + delta),
                    new SalesRow(brand, Figures: (rows[2]?.Figures ?? SalesFigures.Empty) + delta, MemberId: member),
                ];
            },
            MaxAttempts,
            cancellationToken);
        if (result.Status == UpdateStatus.Contended)
        {
            throw new RowContendedException(partition, orderId);
        }

        return result.Rows[0]?.Conversion;
    }

    /// <summary>
    /// Writes conversions of an offer no event has touched yet, with the figures the live path would have kept
    /// for them (benchmarks seed the read side this way). With <paramref name="writeConversions"/> false only the
    /// figures rows are written, as if the conversions were there. Not for an offer that is taking events.
    /// </summary>
    public async Task ImportAsync(BrandId brand, OfferId offer, IEnumerable<Conversion> imported, bool writeConversions, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, SalesFigures>(StringComparer.Ordinal);
        var members = new Dictionary<(string Shard, MemberId Member), SalesFigures>();
        var pending = new Dictionary<string, List<DocumentWrite<SalesRow>>>(StringComparer.Ordinal);
        var writes = new List<Task>();
        using var gate = new SemaphoreSlim(16);
        foreach (var conversion in imported)
        {
            var shard = ShardOf(conversion.OrderId);
            var figures = SalesFigures.Of(conversion);
            totals[shard] = totals.GetValueOrDefault(shard, SalesFigures.Empty) + figures;
            members[(shard, conversion.MemberId)] = members.GetValueOrDefault((shard, conversion.MemberId), SalesFigures.Empty) + figures;
            if (!writeConversions)
            {
                continue;
            }

            var partition = Partition(brand, offer, shard);
            if (!pending.TryGetValue(partition, out var batch))
            {
                pending[partition] = batch = [];
            }

            batch.Add(new DocumentWrite<SalesRow>(DocumentWriteKind.Upsert, partition, conversion.OrderId, new SalesRow(brand, conversion)));
            if (batch.Count == 100)
            {
                pending.Remove(partition);
                writes.Add(SubmitBoundedAsync(batch, gate, cancellationToken));
            }
        }

        writes.AddRange(pending.Values.Select(batch => SubmitBoundedAsync(batch, gate, cancellationToken)));
        writes.AddRange(totals.Select(t => _rows.UpsertAsync(Partition(brand, offer, t.Key), TotalsRow, new SalesRow(brand, Figures: t.Value), cancellationToken)));
        writes.AddRange(members.Select(m => _rows.UpsertAsync(Partition(brand, offer, m.Key.Shard), MemberRowPrefix + m.Key.Member.Value, new SalesRow(brand, Figures: m.Value, MemberId: m.Key.Member), cancellationToken)));
        await Task.WhenAll(writes);
    }

    private async Task SubmitBoundedAsync(IReadOnlyList<DocumentWrite<SalesRow>> batch, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var result = await _rows.SubmitAsync(batch, cancellationToken);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Importing conversions failed with {result.Status}.");
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<Conversion?> GetAsync(BrandId brand, OfferId offer, string orderId, CancellationToken cancellationToken) =>
        (await _rows.GetAsync(Partition(brand, offer, ShardOf(orderId)), orderId, cancellationToken))?.Value.Conversion;

    /// <summary>
    /// The offer's figures summed over its shards, and each member's: one query over the shards' partition range
    /// (s0 to s7 sort as their numbers while there are at most ten), limited to the figures rows by their row
    /// keys (they sort after every order id).
    /// </summary>
    public async Task<(SalesFigures Totals, IReadOnlyList<MemberFigures> Members)> GetFiguresAsync(BrandId brand, OfferId offer, CancellationToken cancellationToken)
    {
        var (first, last) = (Partition(brand, offer, "s0"), Partition(brand, offer, "s" + (ShardCount - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey le {last} and RowKey ge {TotalsRow.Substring(0, 1)} and Kind eq {FiguresKind}");
        var totals = SalesFigures.Empty;
        var members = new List<MemberFigures>();
        await foreach (var row in _rows.QueryAsync(filter, cancellationToken))
        {
            var figures = row.Value.Figures ?? SalesFigures.Empty;
            if (row.Value.MemberId is { } member)
            {
                members.Add(new MemberFigures(member, figures));
            }
            else
            {
                totals += figures;
            }
        }

        return (totals, members);
    }

    /// <summary>One page of an offer's conversions.</summary>
    public Task<DocumentPage<SalesRow>> ListByOfferAsync(BrandId brand, OfferId offer, ConversionFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.QueryPageAsync(OfferFilter(brand, offer, filter), pageSize, continuationToken, cancellationToken);

    /// <summary>One page of a member's conversions, in every offer.</summary>
    public Task<DocumentPage<SalesRow>> ListByMemberAsync(BrandId brand, MemberId member, ConversionFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.QueryPageAsync(MemberFilter(brand, member, filter), pageSize, continuationToken, cancellationToken);

    /// <summary>Every conversion of an offer, read page by page as the caller consumes them.</summary>
    public IAsyncEnumerable<Conversion> StreamByOfferAsync(BrandId brand, OfferId offer, ConversionFilter filter, CancellationToken cancellationToken) =>
        Conversions(_rows.QueryAsync(OfferFilter(brand, offer, filter), cancellationToken));

    public IAsyncEnumerable<Conversion> StreamByMemberAsync(BrandId brand, MemberId member, ConversionFilter filter, CancellationToken cancellationToken) =>
        Conversions(_rows.QueryAsync(MemberFilter(brand, member, filter), cancellationToken));

    /// <summary>A brand's conversions a payout has something to pay or take back for.</summary>
    public IAsyncEnumerable<Conversion> StreamPayableAsync(BrandId brand, MemberId? member, CancellationToken cancellationToken)
    {
        var (from, to) = BrandRange(brand);
        var filter = member is { } m
            ? TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Kind eq {ConversionKind} and Payable eq true and MemberId eq {m.Value}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Kind eq {ConversionKind} and Payable eq true");
        return Conversions(_rows.QueryAsync(filter, cancellationToken));
    }

    /// <summary>Pending conversions of every brand whose holding period has ended by <paramref name="now"/>.</summary>
    public async IAsyncEnumerable<(BrandId Brand, Conversion Conversion)> StreamDueForApprovalAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Kind eq {ConversionKind} and Status eq {nameof(ConversionStatus.Pending)} and PayableAt le {now}");
        await foreach (var row in _rows.QueryAsync(filter, cancellationToken))
        {
            yield return (row.Value.BrandId, row.Value.Conversion!);
        }
    }

    private static string OfferFilter(BrandId brand, OfferId offer, ConversionFilter filter)
    {
        var from = Keys.Scoped(brand, offer.Value) + Keys.Separator;
        var to = Keys.Scoped(brand, offer.Value) + (char)(Keys.Separator + 1);
        return And(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Kind eq {ConversionKind}"), filter);
    }

    private static string MemberFilter(BrandId brand, MemberId member, ConversionFilter filter)
    {
        var (from, to) = BrandRange(brand);
        return And(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and Kind eq {ConversionKind} and MemberId eq {member.Value}"), filter);
    }

    private static (string From, string To) BrandRange(BrandId brand) => (brand.Value + Keys.Separator, brand.Value + (char)(Keys.Separator + 1));

    private static string And(string filter, ConversionFilter by)
    {
        if (by.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (by.PlacedFrom is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"PlacedAt ge {from}");
        }

        if (by.PlacedBefore is { } before)
        {
            filter += " and " + TableClient.CreateQueryFilter($"PlacedAt lt {before}");
        }

        return filter;
    }

    private static async IAsyncEnumerable<Conversion> Conversions(IAsyncEnumerable<Stored<SalesRow>> rows)
    {
        await foreach (var row in rows)
        {
            if (row.Value.Conversion is { } conversion)
            {
                yield return conversion;
            }
        }
    }
}

/// <summary>A payout the brand marked paid, stored before its conversions are marked, so a retry marks the same ones.</summary>
public sealed record PayoutRecord(string Id, MemberId MemberId, Money Amount, IReadOnlyList<PaidConversion> Conversions, DateTimeOffset PaidAt, string? Reference);

public sealed record PaidConversion(OfferId OfferId, string OrderId);

/// <summary>Payouts marked paid (PK brand|payouts, RK payout id), in the conversions table beside what they paid.</summary>
public sealed class PayoutStore(StorageClients storage)
{
    private readonly DocumentTable<PayoutRecord> _payouts = new(storage.Table(TableNames.Conversions), _ => new Dictionary<string, object?> { ["Kind"] = "payout" });

    private static string Partition(BrandId brand) => Keys.Scoped(brand, "payouts");

    public async Task SaveAsync(BrandId brand, PayoutRecord payout, CancellationToken cancellationToken) =>
        await _payouts.UpsertAsync(Partition(brand), payout.Id, payout, cancellationToken);

    public async Task<PayoutRecord?> GetAsync(BrandId brand, string id, CancellationToken cancellationToken) =>
        (await _payouts.GetAsync(Partition(brand), id, cancellationToken))?.Value;
}
