using System.Collections.Concurrent;

namespace PromoServerless.Infra.Shopify;

/// <summary>
/// The client's estimate of one shop's leaky bucket. A caller reserves the cost it is about to spend and is told how long
/// to wait first; reservations may drive the estimate below zero, so concurrent callers queue up behind each other.
/// Shopify's own figures (<c>throttleStatus</c>) replace the estimate whenever no other request of the shop is in flight.
/// </summary>
internal sealed class CostBucket(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, double> _requestedCosts = new(StringComparer.Ordinal);
    private double? _maximum;
    private double _restoreRate;
    private double _available;
    private long _stamp;
    private int _inFlight;

    /// <summary>The last requested cost Shopify reported for an operation, else <paramref name="fallback"/>.</summary>
    public double ExpectedCost(string operationName, double fallback) =>
        _requestedCosts.TryGetValue(operationName, out var cost) ? cost : fallback;

    /// <summary>Takes <paramref name="cost"/> from the estimate and returns how long to wait before sending (zero while the bucket is unknown).</summary>
    public TimeSpan Reserve(double cost)
    {
        lock (_gate)
        {
            _inFlight++;
            if (_maximum is not { } maximum || _restoreRate <= 0)
            {
                return TimeSpan.Zero;
            }

            Refill();
            _available -= Math.Min(cost, maximum);
            return _available >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_available / _restoreRate);
        }
    }

    /// <summary>Ends a reservation, learning from Shopify's answer when it carried a cost block.</summary>
    public void Complete(string operationName, QueryCost? cost)
    {
        lock (_gate)
        {
            if (cost is not null)
            {
                _requestedCosts[operationName] = cost.RequestedQueryCost;
            }

            if (cost?.ThrottleStatus is { } status && status.RestoreRate > 0)
            {
                Refill();
                var firstSight = _maximum is null;
                _maximum = status.MaximumAvailable;
                _restoreRate = status.RestoreRate;
                _available = firstSight || _inFlight <= 1 ? status.CurrentlyAvailable : Math.Min(_available, status.CurrentlyAvailable);
                _stamp = time.GetTimestamp();
            }

            _inFlight = Math.Max(0, _inFlight - 1);
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        if (_maximum is { } maximum)
        {
            _available = Math.Min(maximum, _available + (time.GetElapsedTime(_stamp, now).TotalSeconds * _restoreRate));
        }

        _stamp = now;
    }
}

/// <summary>One <see cref="CostBucket"/> per shop domain, shared by every client instance of the process.</summary>
internal sealed class ShopifyCostBuckets(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CostBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    public CostBucket For(string shopDomain) => _buckets.GetOrAdd(shopDomain, _ => new CostBucket(time));
}
