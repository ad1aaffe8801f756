using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Codes;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;

namespace PromoServerless.Orchestration.Tests;

public sealed class GenerationOrchestrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(CodeBatchOutcome Outcome, OrchestrationMetadata Metadata)> RunAsync(GenerationFakes fakes, string batchId = "batch-1")
    {
        await using var host = await fakes.StartHostAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(GenerateCodesNames.GenerateCodes, new CodeBatchRef("brand-1", batchId), new StartOrchestrationOptions(batchId), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        var metadata = await host.Client.WaitForInstanceCompletionAsync(batchId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return (metadata.ReadOutputAs<CodeBatchOutcome>()!, metadata);
    }

    [Fact]
    public async Task GenerateCodes_WhenChunksFanOut_ShouldReserveAndPushEachOnceAndCreateOneDiscount()
    {
        var fakes = new GenerationFakes { Chunks = 5, Planned = 5 * CodeBatch.ChunkSize };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Equal(5 * CodeBatch.ChunkSize, outcome.Created);
        Assert.Equal([0, 1, 2, 3, 4], fakes.Reserved.Select(r => r.Chunk).Order());
        Assert.Equal([0, 1, 2, 3, 4], fakes.Pushes.Select(p => p.Chunk).Order());
        Assert.All(fakes.Pushes, p => Assert.Equal(GenerationFakes.DiscountId, p.DiscountId));
        Assert.Single(fakes.DiscountRequests);
        Assert.Null(Assert.Single(fakes.Completions).FailureReason);
    }

    [Fact]
    public async Task GenerateCodes_WhenTheFirstChunkIsReserved_ShouldCreateTheDiscountFromItBeforeReservingTheRest()
    {
        var fakes = new GenerationFakes { Chunks = 4 };

        await RunAsync(fakes);

        Assert.Equal(0, Assert.Single(fakes.DiscountRequests).Chunk);
        Assert.Equal(0, fakes.Reserved.First().Chunk);
    }

    [Fact]
    public async Task GenerateCodes_WhenAChunkIsStillReserving_ShouldAlreadyPushTheReservedOnes()
    {
        // Chunk 2's reservation answers only once some chunk has been pushed: an orchestrator that waited for
        // every reservation before pushing would never finish.
        var fakes = new GenerationFakes { Chunks = 3 };
        fakes = new GenerationFakes { Chunks = 3, BeforeReserved = chunk => chunk == 2 ? fakes.FirstPush.Task.WaitAsync(Patience, Ct) : Task.CompletedTask };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Equal(2, fakes.Reserved.Last().Chunk);
        Assert.NotEqual(2, fakes.Pushes.First().Chunk);
        Assert.Equal(3, fakes.Pushes.Count);
    }

    [Fact]
    public async Task GenerateCodes_WhenAPushFailsOnce_ShouldRetryItAndComplete()
    {
        var fakes = new GenerationFakes { Chunks = 2, Planned = 2 * CodeBatch.ChunkSize, PushFailures = new Dictionary<int, int> { [1] = 1 } };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Equal(2 * CodeBatch.ChunkSize, outcome.Created);
        Assert.Equal(2, fakes.Pushes.Count(p => p.Chunk == 1));
        Assert.Null(Assert.Single(fakes.Completions).FailureReason);
    }

    [Fact]
    public async Task GenerateCodes_WhenEveryCodeOfAChunkIsTaken_ShouldNotPushItAndNameTheDiscountFromAnotherChunk()
    {
        var fakes = new GenerationFakes { Chunks = 3, AllTaken = new HashSet<int> { 0 } };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Equal([1, 2], fakes.Pushes.Select(p => p.Chunk).Order());
        Assert.NotEqual(0, Assert.Single(fakes.DiscountRequests).Chunk);
    }

    [Fact]
    public async Task GenerateCodes_WhenNoMemberIsValid_ShouldCompleteWithoutReservingOrTouchingShopify()
    {
        var fakes = new GenerationFakes { Chunks = 1, Planned = 0, SendEmails = true };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Failed, outcome.Status);
        Assert.Empty(fakes.Reserved);
        Assert.Empty(fakes.DiscountRequests);
        Assert.Empty(fakes.Pushes);
        Assert.Empty(fakes.EmailRequests);
        Assert.Single(fakes.Completions);
    }

    [Fact]
    public async Task GenerateCodes_WhenEveryChunkIsTaken_ShouldCreateNoDiscount()
    {
        var fakes = new GenerationFakes { Chunks = 2, AllTaken = new HashSet<int> { 0, 1 } };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Failed, outcome.Status);
        Assert.Equal(2, fakes.Reserved.Count);
        Assert.Empty(fakes.DiscountRequests);
        Assert.Empty(fakes.Pushes);
    }

    [Fact]
    public async Task GenerateCodes_WhenTheBatchAsksForEmails_ShouldEndWithSendEmailsUnderTheSendId()
    {
        var fakes = new GenerationFakes { Chunks = 1, Planned = 10, SendEmails = true };

        await RunAsync(fakes, "batch-emails");

        Assert.Equal(new BatchEmailRequest("brand-1", "batch-emails"), Assert.Single(fakes.EmailRequests));
        Assert.Equal(GenerationFakes.SendId, Assert.Single(fakes.EmailInstances));
    }

    [Fact]
    public async Task GenerateCodes_WhenTheBatchHasMoreChunksThanASlice_ShouldRunTheRestInSlicesWithTheSameDiscount()
    {
        const int chunks = 7;
        var fakes = new GenerationFakes { Chunks = chunks, Planned = chunks * CodeBatch.ChunkSize, ChunksPerSlice = 3 };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(chunks * CodeBatch.ChunkSize, outcome.Created);
        Assert.Equal(Enumerable.Range(0, chunks), fakes.Pushes.Select(p => p.Chunk).Order());
        Assert.Single(fakes.DiscountRequests);
        Assert.All(fakes.Pushes, p => Assert.Equal(GenerationFakes.DiscountId, p.DiscountId));
        Assert.Equal(["batch-1-chunks-3", "batch-1-chunks-6"], fakes.SliceInstances.Order());
    }

    [Fact]
    public async Task GenerateCodes_WhenMoreChunksThanRunAtOnce_ShouldKeepAtMostThatManyInFlight()
    {
        const int chunks = GenerateCodesOrchestration.ChunksInFlight + 4;
        var fakes = new GenerationFakes { Chunks = chunks, Planned = chunks * CodeBatch.ChunkSize };

        await RunAsync(fakes);

        // The chunk that names the discount runs beside the others.
        Assert.InRange(fakes.MostInFlight, 1, GenerateCodesOrchestration.ChunksInFlight + 1);
        Assert.Equal(chunks, fakes.Pushes.Count);
    }

    [Fact]
    public async Task GenerateCodes_WhenABulkJobIsStillRunning_ShouldCheckItOnDurableTimersUntilDoneThenSettleIt()
    {
        var fakes = new GenerationFakes { Chunks = 1, Planned = 10, ChecksUntilDone = 3 };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        var checks = fakes.Checks.ToArray();
        Assert.Equal(3, checks.Length);
        Assert.All(checks, c => Assert.Equal(new CodePushJobRef("brand-1", "job-0-0"), c.Job));

        // Every fake activity answers at once: the waits between looks are the orchestrator's timers, growing.
        var gaps = checks.Zip(checks.Skip(1), (a, b) => b.At - a.At).ToArray();
        Assert.All(gaps, gap => Assert.True(gap >= ChunkPushMonitor.FirstPoll - TimeSpan.FromMilliseconds(100), $"checks {gap} apart"));
        Assert.True(gaps[1] > gaps[0] + TimeSpan.FromMilliseconds(200), $"gaps {gaps[0]} then {gaps[1]}");
        var settle = Assert.Single(fakes.Settles);
        Assert.True(settle.At >= checks[^1].At);
    }

    [Fact]
    public async Task GenerateCodes_WhenAStartLosesShopifysAnswer_ShouldSettleTheRoundWithoutPollingAJob()
    {
        var fakes = new GenerationFakes { Chunks = 2, Planned = 2 * CodeBatch.ChunkSize, LostStarts = new HashSet<int> { 0 } };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(2 * CodeBatch.ChunkSize, outcome.Created);
        Assert.DoesNotContain(fakes.Checks, c => c.Job.BulkCreationId.StartsWith("job-0-", StringComparison.Ordinal));
        Assert.Contains(fakes.Settles, s => s.Round.Push.Chunk == 0);
    }

    [Fact]
    public async Task GenerateCodes_WhenARoundLeavesCodesOpen_ShouldStartAnotherRoundForTheChunk()
    {
        var fakes = new GenerationFakes { Chunks = 2, Planned = 2 * CodeBatch.ChunkSize, OpenAfterFirstRound = new HashSet<int> { 1 } };

        var (outcome, _) = await RunAsync(fakes);

        Assert.Equal(CodeBatchStatus.Completed, outcome.Status);
        Assert.Equal([0, 1], fakes.Starts.Where(s => s.Push.Chunk == 1).Select(s => s.Round).Order());
        Assert.Equal([0], fakes.Starts.Where(s => s.Push.Chunk == 0).Select(s => s.Round));
        Assert.Contains(fakes.Checks, c => c.Job.BulkCreationId == "job-1-1");
    }
}
