namespace PromoServerless.ShopifySimulator;

/// <summary>Shopify's cost limit for one app on one shop: a bucket of points that refills at a steady rate.</summary>
public sealed class LeakyBucket(double size, double restoreRate, TimeProvider time)
{
    private double _available = size;
    private long _stamp = time.GetTimestamp();

    public double Size { get; private set; } = size;

    public double RestoreRate { get; private set; } = restoreRate;

    public double Available
    {
        get
        {
            Refill();
            return _available;
        }
    }

    /// <summary>Takes <paramref name="cost"/> points when the bucket holds them; otherwise takes nothing.</summary>
    public bool TryTake(double cost)
    {
        Refill();
        if (_available < cost)
        {
            return false;
        }

        _available -= cost;
        return true;
    }

    public void Refund(double points)
    {
        Refill();
        _available = Math.Min(Size, _available + points);
    }

    public void Reconfigure(double size, double restoreRate)
    {
        Refill();
        Size = size;
        RestoreRate = restoreRate;
        _available = Math.Min(_available, size);
    }

    public void Fill()
    {
        _available = Size;
        _stamp = time.GetTimestamp();
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _available = Math.Min(Size, _available + (time.GetElapsedTime(_stamp, now).TotalSeconds * RestoreRate));
        _stamp = now;
    }
}
