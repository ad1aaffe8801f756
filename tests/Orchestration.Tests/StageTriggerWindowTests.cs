using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Codes;

namespace PromoServerless.Orchestration.Tests;

public sealed class StageTriggerWindowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Fakes
    {
        public string? BatchToAnswer { get; init; } = "batch-7";

        public ConcurrentQueue<(StageWindowRef Window, DateTimeOffset At)> Closes { get; } = new();

        public ConcurrentQueue<(string InstanceId, CodeBatchRef Batch)> Generations { get; } = new();

        public void Register(DurableTaskRegistry tasks)
        {
            tasks.AddOrchestratorFunc<StageWindowRef, string?>(StageTriggerNames.StageTriggerWindow, StageTriggerWindowOrchestration.RunAsync);
            tasks.AddActivityFunc<StageWindowRef, string?>(StageTriggerNames.CloseStageTriggerWindow, (_, window) =>
            {
                Closes.Enqueue((window, DateTimeOffset.UtcNow));
                return BatchToAnswer;
            });
            tasks.AddOrchestratorFunc<CodeBatchRef, CodeBatchOutcome>(GenerateCodesNames.GenerateCodes, (context, batch) =>
            {
                Generations.Enqueue((context.InstanceId, batch));
                return Task.FromResult(new CodeBatchOutcome(CodeBatchStatus.Completed, 2, 0, false));
            });
        }
    }

    private static async Task<(string? Output, TimeSpan Elapsed)> RunAsync(Fakes fakes, TimeSpan wait)
    {
        await using var host = await DurableTaskTestHost.StartAsync(fakes.Register);
        var window = new StageWindowRef("brand-1", "offer-1", "project-contracted", "window-1", wait);
        var clock = Stopwatch.StartNew();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(StageTriggerNames.StageTriggerWindow, window, new StartOrchestrationOptions(StageTriggerNames.InstanceId("window-1")), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(StageTriggerNames.InstanceId("window-1"), getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return (metadata.ReadOutputAs<string?>(), clock.Elapsed);
    }

    [Fact]
    public async Task StageTriggerWindow_ShouldWaitTheWindowThenCloseOnceAndRunOneGenerationUnderTheBatchId()
    {
        var fakes = new Fakes();

        var (output, elapsed) = await RunAsync(fakes, TimeSpan.FromSeconds(2));

        Assert.Equal("batch-7", output);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2), $"closed after {elapsed}");
        Assert.Equal("window-1", Assert.Single(fakes.Closes).Window.WindowId);
        var generation = Assert.Single(fakes.Generations);
        Assert.Equal("batch-7", generation.InstanceId);
        Assert.Equal(new CodeBatchRef("brand-1", "batch-7"), generation.Batch);
    }

    [Fact]
    public async Task StageTriggerWindow_WhenNoMemberWaits_ShouldStartNoGeneration()
    {
        var fakes = new Fakes { BatchToAnswer = null };

        var (output, _) = await RunAsync(fakes, TimeSpan.FromSeconds(1));

        Assert.Null(output);
        Assert.Single(fakes.Closes);
        Assert.Empty(fakes.Generations);
    }
}
