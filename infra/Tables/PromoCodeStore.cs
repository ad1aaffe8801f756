using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>Members' codes: PK brand|offer, RK member, so "at most one code per member per offer" is the table's shape.</summary>
public sealed class PromoCodeStore(StorageClients storage)
{
    private const int MaxRowsPerTransaction = 100;
    // A code row has few writers: an operation, the status refresh.
    private const int MaxAttempts = 10;

    private readonly DocumentTable<PromoCode> _codes = new(storage.Table(TableNames.Codes), c => new Dictionary<string, object?>
    {
        ["Status"] = c.Status.ToString(),
        ["Code"] = c.Code,
        ["BatchId"] = c.BatchId.Value,
        ["OfferId"] = c.OfferId.Value,
        ["MemberId"] = c.MemberId.Value,
        ["StartsAt"] = c.StartsAt,
        ["EndsAt"] = c.EndsAt,
        ["ShopifyDiscountId"] = c.ShopifyDiscountId,
        ["FailureReason"] = c.FailureReason,
        ["CreatedAt"] = c.CreatedAt,
        ["UpdatedAt"] = c.UpdatedAt,
    });

    public static string Partition(BrandId brand, OfferId offer) => Keys.Scoped(brand, offer.Value);

    public Task<Stored<PromoCode>?> GetAsync(BrandId brand, OfferId offer, MemberId member, CancellationToken cancellationToken) =>
        _codes.GetAsync(Partition(brand, offer), member.Value, cancellationToken);

    public Task<WriteResult> ReplaceAsync(BrandId brand, PromoCode code, string etag, CancellationToken cancellationToken) =>
        _codes.ReplaceAsync(Partition(brand, code.OfferId), code.MemberId.Value, code, etag, cancellationToken);

    /// <summary>
    /// Gives each member this batch's pending code unless the member holds a live code from another batch:
    /// the row per member per offer is the guard that no member ends up with two live codes.
    /// Returns the members refused.
    /// </summary>
    public async Task<IReadOnlySet<MemberId>> ClaimForBatchAsync(BrandId brand, OfferId offer, IReadOnlyList<PromoCode> pending, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        var refused = new HashSet<MemberId>();
        foreach (var slice in pending.Chunk(MaxRowsPerTransaction))
        {
            var inserted = await _codes.SubmitAsync(slice.Select(c => new DocumentWrite<PromoCode>(DocumentWriteKind.Insert, partition, c.MemberId.Value, c)).ToArray(), cancellationToken);
            if (inserted.IsOk)
            {
                continue;
            }

            foreach (var code in slice)
            {
                if (!await ClaimOneAsync(partition, code, cancellationToken))
                {
                    refused.Add(code.MemberId);
                }
            }
        }

        return refused;
    }

    private async Task<bool> ClaimOneAsync(string partition, PromoCode pending, CancellationToken cancellationToken)
    {
        var row = pending.MemberId.Value;
        if ((await _codes.InsertAsync(partition, row, pending, cancellationToken)).IsOk)
        {
            return true;
        }

        var claim = await ETagUpdates.RunAsync<Stored<PromoCode>?, PromoCode>(
            MaxAttempts,
            ct => _codes.GetAsync(partition, row, ct),
            existing =>
            {
                if (existing is null)
                {
                    return ETagDecision<PromoCode>.Write(pending);
                }

                var sameBatch = existing.Value.BatchId == pending.BatchId;
                if (sameBatch && existing.Value.Status != PromoCodeStatus.Pending)
                {
                    return ETagDecision<PromoCode>.Keep; // Already past this step: a re-delivery must not undo a later state.
                }

                return !sameBatch && existing.Value.IsLive ? ETagDecision<PromoCode>.Stop : ETagDecision<PromoCode>.Write(pending);
            },
            (existing, code, ct) => existing is null ? _codes.InsertAsync(partition, row, code, ct) : _codes.ReplaceAsync(partition, row, code, existing.ETag, ct),
            cancellationToken);
        return claim.Status switch
        {
            ETagUpdateStatus.Written or ETagUpdateStatus.Kept => true,
            ETagUpdateStatus.Stopped => false,
            _ => throw new RowContendedException(partition, row),
        };
    }

    /// <summary>Writes codes of one offer in transactions of up to 100; an upsert, so a retry writes the same rows again.</summary>
    public async Task UpsertManyAsync(BrandId brand, OfferId offer, IEnumerable<PromoCode> codes, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        foreach (var slice in codes.Chunk(MaxRowsPerTransaction))
        {
            var result = await _codes.SubmitAsync(slice.Select(c => new DocumentWrite<PromoCode>(DocumentWriteKind.Upsert, partition, c.MemberId.Value, c)).ToArray(), cancellationToken);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Writing codes failed with {result.Status}.");
            }
        }
    }

    public Task<DocumentPage<PromoCode>> GetPageAsync(BrandId brand, OfferId offer, PromoCodeStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var partition = Partition(brand, offer);
        var filter = status is { } s
            ? Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Status eq {s.ToString()}")
            : Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        return _codes.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken);
    }

    /// <summary>The codes one generation wrote, with their ETags.</summary>
    public IAsyncEnumerable<Stored<PromoCode>> QueryBatchAsync(BrandId brand, OfferId offer, CodeBatchId batch, CancellationToken cancellationToken) =>
        _codes.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {Partition(brand, offer)} and BatchId eq {batch.Value}"), cancellationToken);

    public async Task<Dictionary<MemberId, PromoCode>> GetAllForOfferAsync(BrandId brand, OfferId offer, CancellationToken cancellationToken)
    {
        var codes = new Dictionary<MemberId, PromoCode>();
        await foreach (var code in _codes.QueryPartitionAsync(Partition(brand, offer), cancellationToken))
        {
            codes[code.Value.MemberId] = code.Value;
        }

        return codes;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a member's code until the write wins against concurrent writers (ETag).
    /// Returns the code as stored, or null when the member has no code in the offer.
    /// </summary>
    public async Task<PromoCode?> UpdateAsync(BrandId brand, OfferId offer, MemberId member, Func<PromoCode, PromoCode> change, CancellationToken cancellationToken) =>
        (await _codes.UpdateAsync(Partition(brand, offer), member.Value, change, MaxAttempts, cancellationToken)).ValueOrNull();
}
