using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromoServerless.LocalRun;

// The parts of the API's answers the demo prints. The demo runs the app as a separate process, as a client
// would, so it reads the fields it needs into records of its own rather than referencing the app's.

/// <summary>Any created resource (brand, offer, project, webhook subscription) or list item with an id.</summary>
internal sealed record Created(string Id);

internal sealed record IssuedKey(string Key);

internal sealed record Page<T>(IReadOnlyList<T> Items);

internal sealed record ImportRow(string? MemberId);

internal sealed record Import(int Created, int AddedToProject, IReadOnlyList<ImportRow> Rows);

internal sealed record EligibleMember(string Name, string? Email, string? Code);

internal sealed record BatchAccepted(Created Batch);

internal sealed record BatchProgress(string Status, int Percent, int Reserved, int Created, int Total);

internal sealed record BatchDetail(BatchProgress Batch);

internal sealed record CodeAnswer(string MemberId, string Code, string Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string? PayoutOption);

internal sealed record Figures(
    int Orders,
    int Units,
    decimal Sales,
    decimal AverageOrderValue,
    decimal Refunds,
    decimal CommissionClawedBack,
    decimal CommissionPending,
    decimal CommissionApproved,
    decimal CommissionPaid,
    decimal Commission);

internal sealed record MemberFigures(string MemberId, Figures Figures);

internal sealed record Dashboard(Figures Totals, IReadOnlyList<MemberFigures> TopMembers);

internal sealed record CreatedSubscription(string Id, string Secret);

/// <summary>A webhook delivery's body; <see cref="Data"/> stays JSON, since the demo prints it as it arrived.</summary>
internal sealed record EventDelivery(string Id, string Type, JsonElement Data);

/// <summary>The simulator's answer to a placed order: the order as Shopify's webhook payload carries it.</summary>
internal sealed record PlacedOrder(ShopifyOrder Order);

internal sealed record ShopifyOrder(long Id, [property: JsonPropertyName("total_price")] string TotalPrice);
