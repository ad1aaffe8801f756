namespace PromoServerless.ShopifySimulator;

public enum FaultKind
{
    /// <summary>Delay the answer by <see cref="FaultRule.Delay"/> (before running the operation).</summary>
    Latency,

    /// <summary>Answer with <see cref="FaultRule.StatusCode"/> (default 503) without running the operation.</summary>
    ServerError,

    /// <summary>Answer THROTTLED (HTTP 200, errors[].extensions.code) without running the operation.</summary>
    Throttled,

    /// <summary>Answer HTTP 429 without running the operation.</summary>
    TooManyRequests,

    /// <summary>Run the operation, commit its effect, then abort the connection so the client never sees the answer.</summary>
    DropAfterCommit,
}

/// <summary>
/// A fault injected into a shop's next requests. It fires on requests whose root field is <see cref="Operation"/> (any when null;
/// "mutation" matches every mutation), at most <see cref="Count"/> times (unlimited when null), each time with <see cref="Probability"/>.
/// </summary>
public sealed record FaultRule(
    FaultKind Kind,
    int? Count = 1,
    double Probability = 1.0,
    string? Operation = null,
    int StatusCode = 503,
    int DelayMs = 0)
{
    public TimeSpan Delay => TimeSpan.FromMilliseconds(DelayMs);
}

/// <summary>The faults armed for one shop; thread-safe.</summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Armed> _rules = [];

    public void Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(new Armed(rule) { Remaining = rule.Count });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The faults that fire for this request: any latency plus at most one failure, earliest armed first (each firing uses up one of its count).</summary>
    public IReadOnlyList<FaultRule> Draw(IReadOnlyCollection<string> rootFields, bool isMutation)
    {
        lock (_gate)
        {
            var fired = new List<FaultRule>();
            foreach (var armed in _rules)
            {
                var rule = armed.Rule;
                var matches = rule.Operation is null
                    || (rule.Operation == "mutation" && isMutation)
                    || (rule.Operation == "query" && !isMutation)
                    || rootFields.Contains(rule.Operation);
                var blocked = rule.Kind != FaultKind.Latency && fired.Any(f => f.Kind != FaultKind.Latency);
                if (!matches || blocked || armed.Remaining is <= 0 || Random.Shared.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                armed.Remaining--;
                fired.Add(rule);
            }

            _rules.RemoveAll(a => a.Remaining is <= 0);
            return fired;
        }
    }

    private sealed class Armed(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; }
    }
}
