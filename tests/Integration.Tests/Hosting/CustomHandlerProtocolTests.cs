using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Queues;
using PromoServerless.Infra.Storage;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Hosting;

/// <summary>The app as the Functions host sees it: invocations posted to /{FunctionName}, and the local stand-in's queue semantics.</summary>
public sealed class CustomHandlerProtocolTests(StackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_ShouldAnswerSoTheHostKnowsTheHandlerIsReady()
    {
        using var client = stack.CreateClient();
        var response = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EveryNonHttpFunctionInTheTable_ShouldBeServedAtItsName()
    {
        using var client = stack.CreateClient();
        foreach (var function in FunctionTable.All.Where(f => f.Trigger is not HttpTrigger))
        {
            // A body without Data is a protocol error the function reports, so nothing runs, but the route must exist.
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.PostAsync("/" + function.Name, content, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{function.Name} answered {response.StatusCode}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task QueueInvocation_InTheHostsShape_ShouldAnswer200WithTheResponseBodyTheHostExpects()
    {
        using var client = stack.CreateClient();
        // A chunk of a batch that does not exist: the function has nothing to do and succeeds.
        var text = JsonSerializer.Serialize(new { brandId = new string('a', 32), batchId = new string('b', 32), chunk = 0 });
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { message = JsonSerializer.Serialize(text) },
            Metadata = new { DequeueCount = "1", Id = "\"5f0c\"", PopReceipt = "\"AgAAAA\"", InsertionTime = "2026-11-24T10:00:00+00:00", sys = new { MethodName = "PrepareCode", UtcNow = "2026-11-24T10:00:00Z", RandGuid = Guid.NewGuid() } },
        });
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/PrepareCode") { Content = content };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
    }

    [Fact]
    public async Task LocalTriggerHost_WhenAMessageKeepsFailing_ShouldMoveItToThePoisonQueueAfterFiveTries()
    {
        var storage = stack.App.Services.GetRequiredService<StorageClients>();
        var marker = "not json " + Guid.NewGuid();
        await storage.Queue(QueueNames.CodePush).SendMessageAsync(marker, Ct);

        var poison = storage.Queue(QueueNames.Poison(QueueNames.CodePush));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await ContainsAsync(poison, marker))
        {
            Assert.True(DateTime.UtcNow < deadline, "The failing message never reached the poison queue.");
            await Task.Delay(200, Ct);
        }

        var dequeueCount = (await PeekAllAsync(poison)).Single(m => m.Text == marker).DequeueCount;
        Assert.Equal(0, dequeueCount); // a fresh copy, as the host writes it
    }

    private static async Task<bool> ContainsAsync(QueueClient queue, string text) => (await PeekAllAsync(queue)).Any(m => m.Text == text);

    private static async Task<IReadOnlyList<(string Text, long DequeueCount)>> PeekAllAsync(QueueClient queue)
    {
        var peeked = await queue.PeekMessagesAsync(32, Ct);
        return peeked.Value.Select(m => (m.Body.ToString(), m.DequeueCount)).ToArray();
    }
}

/// <summary>The function table and the app's routes describe the same surface.</summary>
public sealed class FunctionTableCoverageTests(StackFixture stack)
{
    [Fact]
    public void EveryApiRouteTheAppServes_ShouldBeForwardedByAnHttpFunction()
    {
        var routes = stack.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/api/", StringComparison.Ordinal))
            .ToArray();
        var prefixes = FunctionTable.All.Select(f => f.Trigger).OfType<HttpTrigger>()
            .Select(t => "/api/" + t.Route.Split("{*", 2)[0])
            .ToArray();

        Assert.NotEmpty(routes);
        var unforwarded = routes.Where(r => !prefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal) || r == p.TrimEnd('/'))).ToArray();
        Assert.True(unforwarded.Length == 0, "Served but not in the function table: " + string.Join(", ", unforwarded));
    }
}
