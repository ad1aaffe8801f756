using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromoServerless.Integration.Tests.CodeOperations;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Projects;

namespace PromoServerless.Integration.Tests.Webhooks;

/// <summary>Outgoing webhooks end to end: a stage change in the API, the dispatcher, the delivery orchestration, a real receiver.</summary>
public sealed class WebhookDeliveryTests(StackFixture stack, WebhookApp webhooks) : IClassFixture<WebhookApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StageChange_WhenTheReceiverFailsTwice_ShouldDeliverOneSignedEventIdThreeTimesAndLogEachAttempt()
    {
        using var brand = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync(500, 500);
        using var client = webhooks.Client(brand);
        var subscription = await SubscribeAsync(client, receiver, "member.stage_changed");
        var member = (await ProjectTests.ImportAsync(brand, "ada"))[0];
        var project = await CreateProjectAsync(brand.Client);

        var moved = await brand.Client.PostAsJsonAsync($"api/v1/projects/{project}/members", new object[] { new { memberId = member, stage = "contracted" } }, Ct);
        moved.EnsureSuccessStatusCode();
        var received = await receiver.WaitForAsync(3, Patience);

        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(r.SignatureValid));
        Assert.Single(received.Select(r => r.EventId).Distinct());
        Assert.Single(received.Select(r => r.Body).Distinct());
        var delivered = JsonSerializer.Deserialize<StageEvent>(received[0].Body, JsonSerializerOptions.Web)!;
        Assert.Equal(received[0].EventId, delivered.Id);
        Assert.Equal("member.stage_changed", delivered.Type);
        Assert.Equal(new StageData(project, member, null, "contracted"), delivered.Data);
        var log = await WaitForDeliveriesAsync(client, subscription.Id, 3);
        Assert.Equal([(1, "failed", 500), (2, "failed", 500), (3, "delivered", 200)], log.OrderBy(d => d.Attempt).Select(d => (d.Attempt, d.Outcome, d.StatusCode ?? 0)));
        Assert.All(log, d => Assert.Equal(delivered.Id, d.EventId));
        Assert.Equal("active", (await client.GetFromJsonAsync<SubscriptionBody>($"api/v1/webhook-subscriptions/{subscription.Id}", Ct))!.Status);
    }

    [Fact]
    public async Task Delivery_WhenTheReceiverRedirects_ShouldNotFollowAndDisableTheSubscriptionWhenTheScheduleIsSpent()
    {
        using var brand = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync(302, 307, 301);
        using var client = webhooks.Client(brand);
        var subscription = await SubscribeAsync(client, receiver, "member.stage_changed");
        var member = (await ProjectTests.ImportAsync(brand, "grace"))[0];
        var project = await CreateProjectAsync(brand.Client);

        (await brand.Client.PostAsJsonAsync($"api/v1/projects/{project}/members", new object[] { new { memberId = member, stage = "active" } }, Ct)).EnsureSuccessStatusCode();
        var log = await WaitForDeliveriesAsync(client, subscription.Id, 3);
        var after = await WaitForStatusAsync(client, subscription.Id, "disabled");

        Assert.Equal(0, receiver.LandedVisits);
        Assert.Equal([302, 307, 301], log.OrderBy(d => d.Attempt).Select(d => d.StatusCode ?? 0));
        Assert.All(log, d => Assert.Equal("redirect", d.ErrorKind));
        Assert.NotNull(after.DisabledAt);
        Assert.False(string.IsNullOrEmpty(after.DisabledReason));
    }

    [Fact]
    public async Task Generation_ShouldDeliverOneBatchCompletedTheCreatedCodesAndTheEmailSendOnceEach()
    {
        using var brand = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = webhooks.Client(brand);
        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url = receiver.Url.ToString(), eventTypes = new[] { "code_batch.completed", "code.created", "email_send.completed" } }, Ct);
        receiver.Secret = (await answer.Content.ReadFromJsonAsync<CreatedSubscription>(Ct))!.Secret;
        var setup = await brand.OfferWithProjectMembersAsync([("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")]);

        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), sendEmails = true });
        var batchId = accepted.Body.Deserialize<AcceptedBatch>(JsonSerializerOptions.Web)!.Batch.Id;
        await brand.WaitForBatchAsync(batchId);
        await receiver.WaitForAsync(3, Patience);

        // A dispatcher run later (every 5 s) must not deliver any event again.
        await Task.Delay(TimeSpan.FromSeconds(6), Ct);

        var events = receiver.Received.Select(r => JsonSerializer.Deserialize<CodeEvent>(r.Body, JsonSerializerOptions.Web)!).ToArray();
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal(events.Length, events.Select(e => e.Id).Distinct().Count());
        var completed = Assert.Single(events, e => e.Type == "code_batch.completed");
        Assert.Equal((batchId, setup.OfferId, "completed", 3), (completed.Data.BatchId, completed.Data.OfferId, completed.Data.Status, completed.Data.Created));
        var created = events.Where(e => e.Type == "code.created").SelectMany(e => e.Data.Codes ?? []).ToArray();
        Assert.Equal(setup.MemberIdsByEmail.Values.Order(StringComparer.Ordinal), created.Select(c => c.MemberId).Order(StringComparer.Ordinal));
        Assert.All(created, c => Assert.False(string.IsNullOrEmpty(c.Code)));
        var sent = Assert.Single(events, e => e.Type == "email_send.completed");
        Assert.Equal((setup.OfferId, 3), (sent.Data.OfferId, sent.Data.Counts!.Sent));
    }

    [Theory]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.0.10/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fd00:ec2::254]/latest")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    public async Task CreateSubscription_WhenTheUrlIsNotAPublicHttpsAddress_ShouldRefuseNamingTheUrlAndStoreNothing(string url)
    {
        using var brand = await stack.CreateBrandAsync();
        using var client = webhooks.Client(brand);

        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url, eventTypes = new[] { "code_batch.completed" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["url"], (await answer.Content.ReadFromJsonAsync<Problem>(Ct))!.Errors.Keys);
        Assert.Empty((await client.GetFromJsonAsync<Page<SubscriptionBody>>("api/v1/webhook-subscriptions", Ct))!.Items);
    }

    [Fact]
    public async Task CreateSubscription_WhenAnEventTypeIsUnknown_ShouldNameTheItem()
    {
        using var brand = await stack.CreateBrandAsync();
        using var client = webhooks.Client(brand);

        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url = "https://example.com/hook", eventTypes = new[] { "code.created", "code.exploded" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["eventTypes[1]"], (await answer.Content.ReadFromJsonAsync<Problem>(Ct))!.Errors.Keys);
    }

    [Fact]
    public async Task Subscription_OfAnotherBrand_ShouldBeNotFoundAndStayUntouched()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var ownerClient = webhooks.Client(owner);
        using var otherClient = webhooks.Client(other);
        var subscription = await SubscribeAsync(ownerClient, receiver, "code.created");

        var read = await otherClient.GetAsync($"api/v1/webhook-subscriptions/{subscription.Id}", Ct);
        var deliveries = await otherClient.GetAsync($"api/v1/webhook-subscriptions/{subscription.Id}/deliveries", Ct);
        var delete = await otherClient.DeleteAsync($"api/v1/webhook-subscriptions/{subscription.Id}", Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { read.StatusCode, deliveries.StatusCode, delete.StatusCode });
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"api/v1/webhook-subscriptions/{subscription.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerClient.DeleteAsync($"api/v1/webhook-subscriptions/{subscription.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerClient.GetAsync($"api/v1/webhook-subscriptions/{subscription.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task CodeOperations_ShouldDeliverOneEventPerChangedMemberWithTheOldAndNewCode()
    {
        using var brand = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = webhooks.Client(brand);
        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url = receiver.Url.ToString(), eventTypes = new[] { "code.deactivated", "code.renamed" } }, Ct);
        receiver.Secret = (await answer.Content.ReadFromJsonAsync<CreatedSubscription>(Ct))!.Secret;
        var codes = await stack.SeedCodesAsync(brand);
        var (john, ana, zoe) = (codes.Member("JOHN10"), codes.Member("ANA10"), codes.Member("ZOE10"));

        await brand.OperateAsync(codes.OfferId, new { action = "deactivate", memberIds = new[] { john, ana } });
        await brand.OperateAsync(codes.OfferId, new { action = "rename", memberIds = new[] { zoe }, codes = new Dictionary<string, string> { [zoe] = "ZOEFRESH" } });
        await receiver.WaitForAsync(3, Patience);

        var events = receiver.Received.Select(r => JsonSerializer.Deserialize<ChangeEvent>(r.Body, JsonSerializerOptions.Web)!).ToArray();
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal(
            [("code.deactivated", ana, "ANA10", (string?)null), ("code.deactivated", john, "JOHN10", null), ("code.renamed", zoe, "ZOEFRESH", "ZOE10")],
            events.Select(e => (e.Type, e.Data.MemberId, e.Data.Code, e.Data.PreviousCode)).OrderBy(e => e.Type, StringComparer.Ordinal).ThenBy(e => e.Code, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConnectorTrigger_ShouldSubscribeToItsOneEventTypeAndBeRemovedThroughItsLocation()
    {
        using var brand = await stack.CreateBrandAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = webhooks.Client(brand);

        var answer = await client.PostAsJsonAsync("api/v1/webhook-triggers/code_batch.completed", new { url = receiver.Url.ToString() }, Ct);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var created = (await answer.Content.ReadFromJsonAsync<CreatedSubscription>(Ct))!;
        var location = answer.Headers.Location!;
        Assert.True(location.IsAbsoluteUri, location.ToString());
        Assert.Equal($"/api/v1/webhook-subscriptions/{created.Id}", location.AbsolutePath);
        Assert.Equal(["code_batch.completed"], (await client.GetFromJsonAsync<SubscriptionTypes>($"api/v1/webhook-subscriptions/{created.Id}", Ct))!.EventTypes);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/v1/webhook-subscriptions/{created.Id}", Ct)).StatusCode);
    }

    private static async Task<CreatedSubscription> SubscribeAsync(HttpClient client, WebhookReceiver receiver, string eventType)
    {
        var answer = await client.PostAsJsonAsync("api/v1/webhook-subscriptions", new { url = receiver.Url.ToString(), eventTypes = new[] { eventType } }, Ct);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var created = (await answer.Content.ReadFromJsonAsync<CreatedSubscription>(Ct))!;
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        receiver.Secret = created.Secret;
        return created;
    }

    private static async Task<string> CreateProjectAsync(HttpClient client)
    {
        var answer = await client.PostAsJsonAsync("api/v1/projects", new { name = "Launch" }, Ct);
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<CreatedSubscription>(Ct))!.Id;
    }

    private static async Task<IReadOnlyList<Delivery>> WaitForDeliveriesAsync(HttpClient client, string subscription, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<Delivery> items;
        do
        {
            items = (await client.GetFromJsonAsync<Page<Delivery>>($"api/v1/webhook-subscriptions/{subscription}/deliveries", Ct))!.Items;
            if (items.Count >= count)
            {
                break;
            }

            await Task.Delay(200, Ct);
        }
        while (DateTime.UtcNow < deadline);
        return items;
    }

    private static async Task<SubscriptionBody> WaitForStatusAsync(HttpClient client, string subscription, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        SubscriptionBody body;
        do
        {
            body = (await client.GetFromJsonAsync<SubscriptionBody>($"api/v1/webhook-subscriptions/{subscription}", Ct))!;
            if (body.Status == status)
            {
                break;
            }

            await Task.Delay(200, Ct);
        }
        while (DateTime.UtcNow < deadline);
        return body;
    }

    private sealed record CreatedSubscription(string Id, string Secret);

    private sealed record SubscriptionTypes(IReadOnlyList<string> EventTypes);

    private sealed record SubscriptionBody(string Id, string Status, DateTimeOffset? DisabledAt, string? DisabledReason);

    private sealed record Delivery(string EventId, int Attempt, string Outcome, string ErrorKind, int? StatusCode);

    private sealed record Page<T>(IReadOnlyList<T> Items);

    private sealed record Problem(Dictionary<string, string[]> Errors);

    private sealed record StageEvent(string Id, string Type, DateTimeOffset Time, StageData Data);

    private sealed record AcceptedBatch(BatchRef Batch);

    private sealed record BatchRef(string Id);

    private sealed record CodeEvent(string Id, string Type, CodeData Data);

    private sealed record CodeData(string? BatchId, string OfferId, string? Status, int Created, IReadOnlyList<CodeItem>? Codes, SendCounts? Counts);

    private sealed record SendCounts(int Sent);

    private sealed record CodeItem(string MemberId, string Code);

    private sealed record ChangeEvent(string Id, string Type, ChangeData Data);

    private sealed record ChangeData(string MemberId, string Code, string? PreviousCode);

    private sealed record StageData(string ProjectId, string MemberId, string? PreviousStage, string Stage);
}
