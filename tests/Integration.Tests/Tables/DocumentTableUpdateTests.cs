using Azure.Data.Tables;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Tables;

/// <summary>The one bounded ETag update, against Azurite, with a rival writer that strikes between read and write.</summary>
public sealed class DocumentTableUpdateTests(StackFixture stack)
{
    private const string Partition = "p";

    public sealed record Tally(int Count, string Writer);

    [Fact]
    public async Task UpdateAsync_WhenARivalWritesBetweenReadAndWrite_ShouldReapplyTheChangeOnTheRivalsRow()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, "r", new Tally(1, "seed"), Ct);
        var calls = 0;

        var result = await table.UpdateAsync(Partition, "r", t =>
        {
            if (++calls == 1)
            {
                RivalWrite(table, new Tally(10, "rival"));
            }

            return t with { Count = t.Count + 1, Writer = "us" };
        }, maxAttempts: 3, Ct);

        Assert.Equal(UpdateStatus.Updated, result.Status);
        Assert.Equal(2, calls);
        Assert.Equal(new Tally(11, "us"), (await table.GetAsync(Partition, "r", Ct))!.Value);
        Assert.Equal(new Tally(11, "us"), result.ValueOrNull());
    }

    [Fact]
    public async Task UpdateAsync_WhenTheRowDoesNotExist_ShouldReturnMissingWithoutCallingTheChange()
    {
        var table = await NewTableAsync();
        var calls = 0;

        var result = await table.UpdateAsync(Partition, "absent", t => { calls++; return t; }, maxAttempts: 3, Ct);

        Assert.Equal(UpdateStatus.Missing, result.Status);
        Assert.Null(result.ValueOrNull());
        Assert.Equal(0, calls);
        Assert.Null(await table.GetAsync(Partition, "absent", Ct));
    }

    [Fact]
    public async Task UpdateAsync_WhenTheRowIsDeletedBetweenReadAndWrite_ShouldReturnMissingAndNotRecreateIt()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, "r", new Tally(1, "seed"), Ct);

        var result = await table.UpdateAsync(Partition, "r", t =>
        {
            table.DeleteAsync(Partition, "r", null, Ct).GetAwaiter().GetResult();
            return t with { Count = 2 };
        }, maxAttempts: 3, Ct);

        Assert.Equal(UpdateStatus.Missing, result.Status);
        Assert.Null(await table.GetAsync(Partition, "r", Ct));
    }

    [Fact]
    public async Task UpdateAsync_WhenEveryAttemptLosesTheRace_ShouldStopAfterMaxAttemptsAndReportContended()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, "r", new Tally(0, "seed"), Ct);
        var calls = 0;

        var result = await table.UpdateAsync(Partition, "r", t =>
        {
            calls++;
            RivalWrite(table, new Tally(100 + calls, "rival"));
            return t with { Writer = "us" };
        }, maxAttempts: 4, Ct);

        Assert.Equal(UpdateStatus.Contended, result.Status);
        Assert.Equal(4, calls);
        Assert.Equal(new Tally(104, "rival"), (await table.GetAsync(Partition, "r", Ct))!.Value);
        Assert.Throws<RowContendedException>(() => result.ValueOrNull());
    }

    [Fact]
    public async Task UpdateAsync_WhenTheChangeGivesAnEqualDocument_ShouldWriteNothing()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Partition, "r", new Tally(5, "seed"), Ct);
        var before = (await table.GetAsync(Partition, "r", Ct))!;

        var result = await table.UpdateAsync(Partition, "r", t => new Tally(t.Count, t.Writer), maxAttempts: 3, Ct);

        Assert.Equal(UpdateStatus.Unchanged, result.Status);
        var after = (await table.GetAsync(Partition, "r", Ct))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Timestamp, after.Timestamp);
    }

    private static void RivalWrite(DocumentTable<Tally> table, Tally value) =>
        table.UpsertAsync(Partition, "r", value, Ct).GetAwaiter().GetResult();

    private async Task<DocumentTable<Tally>> NewTableAsync()
    {
        var client = new TableServiceClient(stack.Azurite.ConnectionString).GetTableClient("tally" + Guid.NewGuid().ToString("N")[..12]);
        await client.CreateIfNotExistsAsync(Ct);
        return new DocumentTable<Tally>(client);
    }
}
