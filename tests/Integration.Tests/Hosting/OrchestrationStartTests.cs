using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Hosting;

/// <summary>
/// The one guarded start, on the app's engine: instances are scheduled a day ahead, so they exist without running,
/// and are purged at the end.
/// </summary>
public sealed class OrchestrationStartTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DurableTaskClient Client => stack.App.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task StartOnceAsync_WhenManyRequestsAskAtOnce_ShouldScheduleTheInstanceOnce()
    {
        var orchestrations = new Orchestrations(Client, stack.App.Services.GetRequiredService<OrchestrationStartStore>(), TimeProvider.System);
        var instanceId = "start-test-" + Guid.NewGuid().ToString("N");

        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => StartAsync(orchestrations, instanceId), Cancel)));

        try
        {
            Assert.Equal(1, started.Count(s => s));
            Assert.NotNull(await Client.GetInstanceAsync(instanceId, Cancel));
        }
        finally
        {
            await Client.PurgeInstanceAsync(instanceId, cancellation: Cancel);
        }
    }

    [Fact]
    public async Task StartOnceAsync_WhenTheClaimantDiedBeforeScheduling_ShouldBeTakenOverOnceTheClaimLapses()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var starts = new OrchestrationStartStore(stack.App.Services.GetRequiredService<StorageClients>(), clock);
        var instanceId = "start-test-" + Guid.NewGuid().ToString("N");
        Assert.Equal(StartClaim.Claimed, await starts.ClaimAsync(instanceId, Cancel)); // the request that then died

        var whileHeld = await starts.ClaimAsync(instanceId, Cancel);
        clock.Advance(OrchestrationStartStore.ClaimLapse);
        var started = await StartAsync(new Orchestrations(Client, starts, clock), instanceId);

        try
        {
            Assert.Equal(StartClaim.HeldByAnother, whileHeld);
            Assert.True(started);
            Assert.NotNull(await Client.GetInstanceAsync(instanceId, Cancel));
        }
        finally
        {
            await Client.PurgeInstanceAsync(instanceId, cancellation: Cancel);
        }
    }

    private static Task<bool> StartAsync(Orchestrations orchestrations, string instanceId) =>
        orchestrations.StartOnceAsync(GenerateCodesNames.GenerateCodes, instanceId, input: null, DateTimeOffset.UtcNow.AddDays(1), Cancel);
}
