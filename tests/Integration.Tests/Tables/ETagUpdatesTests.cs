using Azure;
using Azure.Data.Tables;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Tables;

/// <summary>The one read-decide-write loop, against Azurite, with rivals that write between our read and write.</summary>
public sealed class ETagUpdatesTests(StackFixture stack)
{
    private const string Partition = "p";
    private const string Row = "r";

    public sealed record Counter(int Value, string Writer);

    [Fact]
    public async Task RunAsync_WhenARivalWinsTheFirstWrite_ShouldRetryOnAFreshReadAndWrite()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, Row, new Counter(1, "seed"), Ct);
        var reads = 0;

        var update = await ETagUpdates.RunAsync<Stored<Counter>?, Counter>(
            maxAttempts: 3,
            async ct =>
            {
                var row = await table.GetAsync(Partition, Row, ct);
                if (++reads == 1)
                {
                    await table.UpsertAsync(Partition, Row, new Counter(10, "rival"), ct);
                }

                return row;
            },
            row => ETagDecision<Counter>.Write(new Counter(row!.Value.Value + 1, "us")),
            (row, next, ct) => table.ReplaceAsync(Partition, Row, next, row!.ETag, ct),
            Ct);

        Assert.Equal(ETagUpdateStatus.Written, update.Status);
        Assert.Equal(2, update.Attempts);
        Assert.Equal(new Counter(11, "us"), update.Written);
        var stored = (await table.GetAsync(Partition, Row, Ct))!;
        Assert.Equal(new Counter(11, "us"), stored.Value);
        Assert.Equal(stored.ETag, update.ETag);
    }

    [Fact]
    public async Task RunAsync_WhenEveryWriteLosesTheRace_ShouldGiveUpAfterTheBoundAsContendedWritingNothing()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, Row, new Counter(0, "seed"), Ct);
        var reads = 0;

        var update = await ETagUpdates.RunAsync<Stored<Counter>?, Counter>(
            maxAttempts: 4,
            async ct =>
            {
                var row = await table.GetAsync(Partition, Row, ct);
                await table.UpsertAsync(Partition, Row, new Counter(100 + ++reads, "rival"), ct);
                return row;
            },
            row => ETagDecision<Counter>.Write(row!.Value with { Writer = "us" }),
            (row, next, ct) => table.ReplaceAsync(Partition, Row, next, row!.ETag, ct),
            Ct);

        Assert.Equal(ETagUpdateStatus.Contended, update.Status);
        Assert.Equal(4, update.Attempts);
        Assert.Equal(4, reads);
        Assert.Null(update.Written);
        Assert.Equal(new Counter(104, "rival"), (await table.GetAsync(Partition, Row, Ct))!.Value);
    }

    [Fact]
    public async Task RunAsync_WhenTheSdkRefusesAStaleETagWith412_ShouldTreatItAsALostRace()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, Row, new Counter(1, "seed"), Ct);
        var client = table.Client;
        var stale = (await table.GetAsync(Partition, Row, Ct))!.ETag;
        await table.UpsertAsync(Partition, Row, new Counter(2, "rival"), Ct);
        var tries = 0;

        var update = await ETagUpdates.RunAsync<string, string>(
            maxAttempts: 2,
            async ct => ++tries == 1 ? stale : (await client.GetEntityAsync<TableEntity>(Partition, Row, cancellationToken: ct)).Value.ETag.ToString(),
            etag => ETagDecision<string>.Write(etag),
            async (_, etag, ct) =>
            {
                var response = await client.UpdateEntityAsync(new TableEntity(Partition, Row) { ["Data"] = "{\"value\":3,\"writer\":\"us\"}" }, new ETag(etag), TableUpdateMode.Replace, ct);
                return WriteResult.Ok(response.Headers.ETag?.ToString());
            },
            Ct);

        Assert.Equal(ETagUpdateStatus.Written, update.Status);
        Assert.Equal(2, update.Attempts);
        Assert.Equal(new Counter(3, "us"), (await table.GetAsync(Partition, Row, Ct))!.Value);
    }

    [Fact]
    public async Task RunAsync_WhenTheWriteFailsForAnotherReason_ShouldThrowAfterOneTry()
    {
        var tries = 0;

        await Assert.ThrowsAsync<RequestFailedException>(() => ETagUpdates.RunAsync<int, int>(
            maxAttempts: 5,
            _ => Task.FromResult(++tries),
            n => ETagDecision<int>.Write(n),
            (_, _, _) => throw new RequestFailedException(503, "Server busy."),
            Ct));
        Assert.Equal(1, tries);
    }

    [Fact]
    public async Task RunAsync_WhenTheDecisionKeepsOrStops_ShouldWriteNothing()
    {
        var writes = 0;
        Task<WriteResult> Write(int read, int change, CancellationToken ct)
        {
            writes++;
            return Task.FromResult(WriteResult.Ok("e"));
        }

        var kept = await ETagUpdates.RunAsync<int, int>(3, _ => Task.FromResult(7), _ => ETagDecision<int>.Keep, Write, Ct);
        var stopped = await ETagUpdates.RunAsync<int, int>(3, _ => Task.FromResult(8), _ => ETagDecision<int>.Stop, Write, Ct);

        Assert.Equal((ETagUpdateStatus.Kept, 7, 1), (kept.Status, kept.Read, kept.Attempts));
        Assert.Equal((ETagUpdateStatus.Stopped, 8, 1), (stopped.Status, stopped.Read, stopped.Attempts));
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task RunAsync_WithAKnownRead_ShouldDecideOnItBeforeReading()
    {
        var reads = 0;

        var update = await ETagUpdates.RunAsync<int, int>(
            3,
            _ => Task.FromResult(++reads * 100),
            (n, _) => ValueTask.FromResult(ETagDecision<int>.Write(n)),
            (n, _, _) => Task.FromResult(n == 5 ? WriteResult.PreconditionFailed : WriteResult.Ok("e")),
            Ct,
            known: 5);

        Assert.Equal((ETagUpdateStatus.Written, 100, 2, 1), (update.Status, update.Written, update.Attempts, reads));
    }

    private async Task<DocumentTable<Counter>> NewTableAsync()
    {
        var client = new TableServiceClient(stack.Azurite.ConnectionString).GetTableClient("etag" + Guid.NewGuid().ToString("N")[..12]);
        await client.CreateIfNotExistsAsync(Ct);
        return new DocumentTable<Counter>(client);
    }
}
