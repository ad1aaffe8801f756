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
}
