namespace PromoServerless.ShopifySimulator;

public sealed record CodeSnapshot(string Id, string Code, int UsageCount);

public sealed record DiscountSnapshot(
    string Id, string Title, string Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, int? UsageLimit, bool AppliesOncePerCustomer,
    double? Percentage, decimal? FixedAmount, IReadOnlyList<CodeSnapshot> Codes);

/// <summary>A consistent copy of a shop's state and counters, for tests and the <c>/_sim</c> API.</summary>
public sealed record ShopSnapshot(
    string Domain,
    long Requests,
    long Throttled,
    long ServerErrors,
    long DroppedConnections,
    long RejectedDocuments,
    double PointsSpent,
    double BucketAvailable,
    double BucketSize,
    double RestoreRate,
    int PendingBulkJobs,
    int Orders,
    IReadOnlyList<DiscountSnapshot> Discounts)
{
    public static ShopSnapshot Of(ShopState shop)
    {
        lock (shop.Gate)
        {
            shop.RunDueJobs();
            var now = shop.Now;
            return new ShopSnapshot(
                shop.Config.Domain,
                shop.Counters.Requests,
                shop.Counters.Throttled,
                shop.Counters.ServerErrors,
                shop.Counters.DroppedConnections,
                shop.Counters.RejectedDocuments,
                shop.PointsSpent,
                shop.Bucket.Available,
                shop.Bucket.Size,
                shop.Bucket.RestoreRate,
                shop.BulkJobs.Values.Count(j => !j.Done),
                shop.Orders.Count,
                shop.Discounts.Select(d => new DiscountSnapshot(
                    d.Gid, d.Title, d.StatusAt(now).ToString().ToUpperInvariant(), d.StartsAt, d.EndsAt, d.UsageLimit, d.AppliesOncePerCustomer,
                    d.Percentage, d.FixedAmount, d.Codes.Select(c => new CodeSnapshot(c.Gid, c.Code, c.UsageCount)).ToArray())).ToArray());
        }
    }
}
