using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using PromoServerless.Domain.Automation;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Codes;

namespace PromoServerless.Orchestration.Tests;

public sealed class ScheduledGenerationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DurableTaskTestHost Host, GenerationFakes Fakes, ConcurrentQueue<CodeBatchRef> Begins)> StartAsync(bool rowStillScheduled = true)
    {
        var fakes = new GenerationFakes { Chunks = 1, Planned = CodeBatch.ChunkSize };
        var begins = new ConcurrentQueue<CodeBatchRef>();
        var host = await TestEngine.StartAsync(tasks =>
        {
            fakes.Register(tasks);
            tasks.AddActivityFunc<CodeBatchRef, bool>(ScheduledStartNames.BeginScheduledCodeBatch, (_, batch) =>
            {
                begins.Enqueue(batch);
                return rowStillScheduled;
            });
        });
        return (host, fakes, begins);
    }

    private static async Task<CodeBatchOutcome> WaitAsync(DurableTaskTestHost host, string instance)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<CodeBatchOutcome>()!;
    }

    [Fact]
    public async Task GenerateCodes_WhenCancelledBeforeItsTime_ShouldEndCancelledWithoutPlanningOrBeginning()
    {
        var (host, fakes, begins) = await StartAsync();
        await using var _ = host;
        var batch = new CodeBatchRef("brand-1", "batch-1", DateTimeOffset.UtcNow.AddMinutes(10));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(GenerateCodesNames.GenerateCodes, batch, new StartOrchestrationOptions(batch.BatchId), Ct);
        await host.Client.WaitForInstanceStartAsync(batch.BatchId, Ct);

        await host.Client.RaiseEventAsync(batch.BatchId, ScheduledStart.CancelEvent, "cancelled", Ct);
        var outcome = await WaitAsync(host, batch.BatchId);

        Assert.Equal(CodeBatchStatus.Cancelled, outcome.Status);
        Assert.Empty(begins);
        Assert.Empty(fakes.Reserved);
        Assert.Empty(fakes.Completions);
    }

    [Fact]
    public async Task GenerateCodes_WhenItsTimeComes_ShouldBeginThenGenerate()
    {
        var (host, fakes, begins) = await StartAsync();
        await using var _ = host;
        var batch = new CodeBatchRef("brand-1", "batch-2", DateTimeOffset.UtcNow.AddSeconds(2));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(GenerateCodesNames.GenerateCodes, batch, new StartOrchestrationOptions(batch.BatchId), Ct);

        var outcome = await WaitAsync(host, batch.BatchId);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Single(begins);
        Assert.Single(fakes.Reserved);
        Assert.True(DateTimeOffset.UtcNow >= batch.ScheduledFor);
    }

    [Fact]
    public async Task GenerateCodes_WhenTheRowWasCancelledAsTheTimeCame_ShouldEndCancelledWithoutPlanning()
    {
        var (host, fakes, begins) = await StartAsync(rowStillScheduled: false);
        await using var _ = host;
        var batch = new CodeBatchRef("brand-1", "batch-3", DateTimeOffset.UtcNow.AddSeconds(1));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(GenerateCodesNames.GenerateCodes, batch, new StartOrchestrationOptions(batch.BatchId), Ct);

        var outcome = await WaitAsync(host, batch.BatchId);

        Assert.Equal(CodeBatchStatus.Cancelled, outcome.Status);
        Assert.Single(begins);
        Assert.Empty(fakes.Reserved);
    }
}
