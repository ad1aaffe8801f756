using PromoServerless.Infra.Storage;

namespace PromoServerless.Infra.Tables;

/// <summary>Who is starting an orchestration instance, and since when.</summary>
public sealed record OrchestrationStart(string InstanceId, DateTimeOffset ClaimedAt);

/// <summary>What a request got when it asked to start an instance.</summary>
public enum StartClaim
{
    /// <summary>This request starts the instance.</summary>
    Claimed,

    /// <summary>Another request claimed it moments ago and is starting it.</summary>
    HeldByAnother,
}

/// <summary>
/// One row per orchestration instance id ever started (PK a hash prefix of the id, RK the id): the conditional insert
/// decides which of several concurrent requests schedules the instance. A claim older than <see cref="ClaimLapse"/>
/// whose instance never appeared belonged to a request that died in between; the next request takes it over (ETag).
/// </summary>
public sealed class OrchestrationStartStore(StorageClients storage, TimeProvider time)
{
    public static readonly TimeSpan ClaimLapse = TimeSpan.FromSeconds(30);

    private readonly DocumentTable<OrchestrationStart> _starts = new(storage.Table(TableNames.OrchestrationStarts));

    public async Task<StartClaim> ClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        var (partition, now) = (RowKeys.Hashed(instanceId)[..2], time.GetUtcNow());
        if ((await _starts.InsertAsync(partition, instanceId, new OrchestrationStart(instanceId, now), cancellationToken)).IsOk)
        {
            return StartClaim.Claimed;
        }

        var held = await _starts.GetAsync(partition, instanceId, cancellationToken);
        if (held is null || now - held.Value.ClaimedAt < ClaimLapse)
        {
            return StartClaim.HeldByAnother;
        }

        return (await _starts.ReplaceAsync(partition, instanceId, new OrchestrationStart(instanceId, now), held.ETag, cancellationToken)).IsOk
            ? StartClaim.Claimed
            : StartClaim.HeldByAnother;
    }
}
