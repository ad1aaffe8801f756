using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PromoServerless.ShopifySimulator;

public enum SimDiscountStatus
{
    Active,
    Scheduled,
    Expired,
}

public sealed class SimDiscount
{
    public required long Id { get; init; }

    public string Gid => $"gid://shopify/DiscountCodeNode/{Id}";

    public required string Title { get; set; }

    public required DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public int? UsageLimit { get; set; }

    public bool AppliesOncePerCustomer { get; set; }

    /// <summary>The fraction off (0.1 = 10 %) or null for a fixed amount.</summary>
    public double? Percentage { get; set; }

    public decimal? FixedAmount { get; set; }

    /// <summary>The <c>basicCodeDiscount</c> input as last received, for inspection.</summary>
    public required JsonObject Input { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<SimRedeemCode> Codes { get; } = [];

    public SimDiscountStatus StatusAt(DateTimeOffset now) =>
        StartsAt > now ? SimDiscountStatus.Scheduled
        : EndsAt is { } end && end <= now ? SimDiscountStatus.Expired
        : SimDiscountStatus.Active;
}

public sealed class SimRedeemCode
{
    public required long Id { get; init; }

    public string Gid => $"gid://shopify/DiscountRedeemCode/{Id}";

    public required string Code { get; set; }

    public required SimDiscount Discount { get; init; }

    public int UsageCount { get; set; }
}

/// <summary>One submitted code of a bulk job and, once the job ran, its errors (empty = imported).</summary>
public sealed class SimBulkCode(string code)
{
    public string Code { get; } = code;

    public List<SimUserError> Errors { get; } = [];

    public SimRedeemCode? Created { get; set; }
}

public sealed class SimBulkJob
{
    public required long Id { get; init; }

    public string Gid => $"gid://shopify/DiscountRedeemCodeBulkCreation/{Id}";

    public required SimDiscount Discount { get; init; }

    public required IReadOnlyList<SimBulkCode> Codes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset DoneAt { get; set; }

    public bool Done { get; set; }
}

public sealed record SimUserError(string? Code, IReadOnlyList<string> Field, string Message);

public sealed record SimLineItem(string Title, decimal Price, int Quantity, string? Sku = null);

public sealed record SimDiscountApplication(string Type, string? Code, string Title, decimal Amount, string ValueType, decimal Value);

public sealed record SimRefund(long Id, decimal Amount, DateTimeOffset CreatedAt, string? Note, IReadOnlyList<SimRefundLine>? Lines = null);

/// <summary>A refunded line item: its id, the quantity, and the subtotal refunded (after the order's discounts).</summary>
public sealed record SimRefundLine(long LineItemId, int Quantity, decimal Subtotal);

public sealed class SimOrder
{
    public required long Id { get; init; }

    public string Gid => $"gid://shopify/Order/{Id}";

    public required string Name { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyList<SimLineItem> LineItems { get; init; }

    public required IReadOnlyList<SimDiscountApplication> DiscountApplications { get; init; }

    public string? CustomerEmail { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Test { get; init; }

    /// <summary>Shipping charged on top of the lines; not part of the subtotal.</summary>
    public decimal Shipping { get; init; }

    public DateTimeOffset? CancelledAt { get; set; }

    public List<SimRefund> Refunds { get; } = [];

    public decimal Subtotal => LineItems.Sum(l => l.Price * l.Quantity);

    public decimal TotalDiscounts => DiscountApplications.Sum(a => a.Amount);

    public decimal Total => Math.Max(0, Subtotal - TotalDiscounts);

    public decimal Refunded => Refunds.Sum(r => r.Amount);

    public long LineId(int index) => (Id * 100) + index + 1;

    /// <summary>A line's unit price after the order's discounts, spread across lines by their share of the subtotal.</summary>
    public decimal DiscountedUnitPrice(int index) =>
        Subtotal == 0 ? 0 : Math.Round(LineItems[index].Price * (1 - (TotalDiscounts / Subtotal)), 2, MidpointRounding.AwayFromZero);

    public IEnumerable<string> RedeemedCodes => DiscountApplications.Where(a => a.Type == "discount_code").Select(a => a.Code!);
}

/// <summary>
/// Everything one simulated store holds. Mutate it only inside <see cref="Gate"/>; the GraphQL endpoint and the control API do.
/// Bulk jobs run lazily: whenever the shop is touched, jobs whose time has come are applied in order.
/// </summary>
public sealed class ShopState
{
    private long _nextId = 1000;
    private DateTimeOffset _jobQueueFreeAt = DateTimeOffset.MinValue;

    internal ShopState(ShopConfig config, TimeProvider time)
    {
        Config = config;
        Time = time;
        Bucket = new LeakyBucket(config.BucketSize, config.RestoreRate, time);
    }

    public Lock Gate { get; } = new();

    public ShopConfig Config { get; private set; }

    public TimeProvider Time { get; }

    public LeakyBucket Bucket { get; }

    public FaultPlan Faults { get; } = new();

    public List<SimDiscount> Discounts { get; } = [];

    /// <summary>Every live redeem code of the store by upper-cased code: codes are unique store-wide, case-insensitively.</summary>
    public Dictionary<string, SimRedeemCode> CodeIndex { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<long, SimBulkJob> BulkJobs { get; } = [];

    public List<SimOrder> Orders { get; } = [];

    /// <summary>
    /// The collections each product is in, by numeric product id. Products exist implicitly (an order's line <c>i</c>
    /// sells product <c>7001 + i</c>); one not assigned here is in no collection.
    /// </summary>
    public Dictionary<long, IReadOnlyList<long>> ProductCollections { get; } = [];

    public ConcurrentQueue<WebhookDelivery> Deliveries { get; } = new();

    public ShopCounters Counters { get; } = new();

    /// <summary>Points actually charged (requested minus refunds) over the shop's life.</summary>
    public double PointsSpent { get; set; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Changes the shop's limits; a new pace applies to the jobs still waiting as well, as a store that speeds up finishes them sooner.</summary>
    public void Reconfigure(ShopConfig config)
    {
        lock (Gate)
        {
            var newPace = config.CodesPerSecond != Config.CodesPerSecond;
            Config = config;
            Bucket.Reconfigure(config.BucketSize, config.RestoreRate);
            if (newPace)
            {
                RetimeWaitingJobs();
            }
        }
    }

    private void RetimeWaitingJobs()
    {
        var freeAt = Now;
        foreach (var job in BulkJobs.Values.Where(j => !j.Done).OrderBy(j => j.DoneAt).ThenBy(j => j.Id))
        {
            job.DoneAt = freeAt + TimeSpan.FromSeconds(job.Codes.Count / Config.CodesPerSecond);
            freeAt = job.DoneAt;
        }

        _jobQueueFreeAt = freeAt;
    }

    /// <summary>Queues a bulk job behind the shop's earlier jobs; it finishes after its codes at <see cref="ShopConfig.CodesPerSecond"/>.</summary>
    public SimBulkJob QueueBulkJob(SimDiscount discount, IReadOnlyList<string> codes)
    {
        var now = Now;
        var start = _jobQueueFreeAt > now ? _jobQueueFreeAt : now;
        var doneAt = start + TimeSpan.FromSeconds(codes.Count / Config.CodesPerSecond);
        _jobQueueFreeAt = doneAt;
        var job = new SimBulkJob
        {
            Id = NextId(),
            Discount = discount,
            Codes = codes.Select(c => new SimBulkCode(c)).ToArray(),
            CreatedAt = now,
            DoneAt = doneAt,
        };
        BulkJobs[job.Id] = job;
        return job;
    }

    /// <summary>Applies every bulk job whose time has come, oldest first.</summary>
    public void RunDueJobs()
    {
        var now = Now;
        foreach (var job in BulkJobs.Values.Where(j => !j.Done && j.DoneAt <= now).OrderBy(j => j.DoneAt).ThenBy(j => j.Id))
        {
            Apply(job);
        }
    }

    public SimRedeemCode AddCode(SimDiscount discount, string code)
    {
        var redeem = new SimRedeemCode { Id = NextId(), Code = code, Discount = discount };
        discount.Codes.Add(redeem);
        CodeIndex[code] = redeem;
        return redeem;
    }

    public void RemoveCode(SimRedeemCode code)
    {
        code.Discount.Codes.Remove(code);
        CodeIndex.Remove(code.Code);
    }

    public SimDiscount? FindDiscount(string? gid) =>
        TryParseGid(gid, "DiscountCodeNode", out var id) ? Discounts.FirstOrDefault(d => d.Id == id) : null;

    public static bool TryParseGid(string? gid, string type, out long id)
    {
        id = 0;
        var prefix = $"gid://shopify/{type}/";
        return gid is not null && gid.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(gid.AsSpan(prefix.Length), out id);
    }

    /// <summary>Shopify's per-code checks, shared by discount creation and bulk add: 1-255 characters, no line breaks.</summary>
    public static SimUserError? CheckCodeFormat(string code, IReadOnlyList<string> field)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new SimUserError("BLANK", field, "Code can't be blank");
        }

        if (code.Length > 255)
        {
            return new SimUserError("TOO_LONG", field, "Code is too long (maximum is 255 characters)");
        }

        return code.Contains('\n', StringComparison.Ordinal) || code.Contains('\r', StringComparison.Ordinal)
            ? new SimUserError("INVALID", field, "Code cannot contain newline characters.")
            : null;
    }

    private void Apply(SimBulkJob job)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var field = new[] { "code" };
        foreach (var item in job.Codes)
        {
            if (CheckCodeFormat(item.Code, field) is { } formatError)
            {
                item.Errors.Add(formatError);
            }
            else if (!seen.Add(item.Code))
            {
                item.Errors.Add(new SimUserError("DUPLICATE", field, "Code is duplicated in this request."));
            }
            else if (CodeIndex.ContainsKey(item.Code))
            {
                item.Errors.Add(new SimUserError("TAKEN", field, "Code must be unique. Please try a different code."));
            }
            else if (!Discounts.Contains(job.Discount))
            {
                item.Errors.Add(new SimUserError("INVALID", ["discountId"], "Discount does not exist."));
            }
            else
            {
                item.Created = AddCode(job.Discount, item.Code);
            }
        }

        job.Done = true;
    }
}

/// <summary>A webhook the simulator sent and what the target answered.</summary>
public sealed record WebhookDelivery(string Topic, string WebhookId, string Body, int? StatusCode, string? Error);

/// <summary>All simulated shops, by domain (case-insensitive).</summary>
public sealed class SimulatorState(SimulatorSettings settings)
{
    private readonly ConcurrentDictionary<string, ShopState> _shops = new(StringComparer.OrdinalIgnoreCase);

    public SimulatorSettings Settings { get; } = settings;

    public IEnumerable<ShopState> Shops => _shops.Values;

    /// <summary>Creates the shop, or reconfigures it (plan, token, webhook) keeping its data when it exists.</summary>
    public ShopState UpsertShop(ShopConfig config) =>
        _shops.AddOrUpdate(config.Domain, _ => new ShopState(config, Settings.Time), (_, existing) =>
        {
            lock (existing.Gate)
            {
                existing.Reconfigure(config);
            }

            return existing;
        });

    public ShopState? Find(string domain) => _shops.TryGetValue(domain, out var shop) ? shop : null;

    public ShopState Get(string domain) => Find(domain) ?? throw new KeyNotFoundException($"No simulated shop '{domain}'.");

    public void Reset() => _shops.Clear();
}

/// <summary>What happened to a shop's GraphQL requests, for tests and benchmarks to inspect.</summary>
public sealed class ShopCounters
{
    private long _requests;
    private long _throttled;
    private long _serverErrors;
    private long _droppedConnections;
    private long _rejectedDocuments;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answers of THROTTLED (HTTP 200) or HTTP 429, injected or from the cost bucket.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long DroppedConnections => Interlocked.Read(ref _droppedConnections);

    public long RejectedDocuments => Interlocked.Read(ref _rejectedDocuments);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountThrottled() => Interlocked.Increment(ref _throttled);

    internal void CountServerError() => Interlocked.Increment(ref _serverErrors);

    internal void CountDroppedConnection() => Interlocked.Increment(ref _droppedConnections);

    internal void CountRejectedDocument() => Interlocked.Increment(ref _rejectedDocuments);
}
