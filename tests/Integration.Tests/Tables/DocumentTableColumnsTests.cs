using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Tables;

/// <summary>Rows an operator can read: filterable fields in typed columns, Data for the nested rest, old rows still readable.</summary>
public sealed class DocumentTableColumnsTests(StackFixture stack)
{
    public enum Colour
    {
        Red,
        Blue,
    }

    public sealed record Part(string Name, int Size);

    public sealed record Thing(
        MemberId Owner,
        Colour Colour,
        int Count,
        bool Done,
        DateTimeOffset At,
        DateTimeOffset? EndsAt,
        string? Note,
        IReadOnlyList<Part> Parts)
    {
        public bool Equals(Thing? other) =>
            other is not null && (Owner, Colour, Count, Done, At, EndsAt, Note) == (other.Owner, other.Colour, other.Count, other.Done, other.At, other.EndsAt, other.Note)
            && Parts.SequenceEqual(other.Parts);

        public override int GetHashCode() => HashCode.Combine(Owner, Colour, Count);
    }

    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.Zero).AddTicks(1234567);

    private static Thing Sample(DateTimeOffset? at = null) =>
        new(new MemberId("m-1"), Colour.Blue, 42, true, at ?? At, null, "note", [new Part("a", 1), new Part("b", 2)]);

    [Fact]
    public async Task Write_ShouldPutTheFilterableFieldsInTypedColumnsAndKeepOnlyTheNestedRestInData()
    {
        var (table, client) = await NewTableAsync();

        await table.InsertAsync("p", "r", Sample(), Ct);

        var row = (await client.GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value;
        Assert.Equal("m-1", row.GetString("Owner"));
        Assert.Equal("Blue", row.GetString("Colour"));
        Assert.Equal(42, row.GetInt32("Count"));
        Assert.True(row.GetBoolean("Done"));
        Assert.Equal(At, row.GetDateTimeOffset("At"));
        Assert.False(row.ContainsKey("EndsAt"));
        var data = JsonNode.Parse(row.GetString("Data")!)!.AsObject();
        Assert.Equal(["parts"], data.Select(p => p.Key));
        Assert.Equal(Sample(), (await table.GetAsync("p", "r", Ct))!.Value);
    }

    [Fact]
    public async Task Read_WhenTheRowHasTheOldShapeWithEverythingInData_ShouldReadItAndTakeTheNewShapeOnTheNextWrite()
    {
        var (table, client) = await NewTableAsync();
        var old = Sample();
        await client.AddEntityAsync(new TableEntity("p", "r") { ["Data"] = JsonSerializer.Serialize(old, StorageJson.Options), ["Colour"] = "Blue" }, Ct);

        Assert.Equal(old, (await table.GetAsync("p", "r", Ct))!.Value);
        var updated = await table.UpdateAsync("p", "r", t => t with { Count = 43 }, maxAttempts: 3, Ct);

        Assert.Equal(old with { Count = 43 }, updated.ValueOrNull());
        var row = (await client.GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value;
        Assert.Equal(43, row.GetInt32("Count"));
        Assert.Equal(old with { Count = 43 }, (await table.GetAsync("p", "r", Ct))!.Value);
    }

    [Fact]
    public async Task Read_WhenDataAndAColumnDisagree_ShouldTrustData()
    {
        var (table, client) = await NewTableAsync();
        var old = Sample();
        await client.AddEntityAsync(new TableEntity("p", "r") { ["Data"] = JsonSerializer.Serialize(old, StorageJson.Options), ["Count"] = 7 }, Ct);

        Assert.Equal(42, (await table.GetAsync("p", "r", Ct))!.Value.Count);
    }

    [Fact]
    public async Task Write_WhenADateIsNotInUtc_ShouldKeepItsOffsetInData()
    {
        var (table, _) = await NewTableAsync();
        var local = new DateTimeOffset(2026, 12, 2, 3, 30, 0, TimeSpan.FromHours(2));

        await table.InsertAsync("p", "r", Sample(local), Ct);

        Assert.Equal(TimeSpan.FromHours(2), (await table.GetAsync("p", "r", Ct))!.Value.At.Offset);
    }

    [Fact]
    public async Task CodeBatchStore_WhenABatchRowWasWrittenBeforeItsCountsAndDatesHadColumns_ShouldReadAndFindIt()
    {
        var storage = stack.Services.GetRequiredService<StorageClients>();
        var brand = BrandId.New();
        var batch = CodeBatch.Queue(CodeBatchId.New(), brand, OfferId.New(), At, null, sendEmails: false, At) with { Status = CodeBatchStatus.Completed };
        var oldRow = new TableEntity(Keys.Brand(brand), batch.Id.Value)
        {
            ["Data"] = JsonSerializer.Serialize(batch, StorageJson.Options),
            ["OfferId"] = batch.OfferId.Value,
            ["Status"] = batch.Status.ToString(),
            ["DatesSettled"] = false,
        };
        await storage.Table(TableNames.Batches).AddEntityAsync(oldRow, Ct);
        var store = new CodeBatchStore(storage);

        Assert.Equal(Json(batch), Json((await store.GetAsync(brand, batch.Id, Ct))!.Value));
        Assert.Equal(Json(batch), Json(Assert.Single((await store.GetPageForOfferAsync(brand, batch.OfferId, 10, null, Ct)).Items).Value));
        var settled = await store.UpdateAsync(brand, batch.Id, b => b with { DatesSettled = true }, Ct);
        Assert.Equal(Json(batch with { DatesSettled = true }), Json((await store.GetAsync(brand, batch.Id, Ct))!.Value));
        Assert.Equal(Json(batch with { DatesSettled = true }), Json(settled!));
    }

    private static string Json(CodeBatch batch) => JsonSerializer.Serialize(batch, StorageJson.Options);

    private async Task<(DocumentTable<Thing> Table, TableClient Client)> NewTableAsync()
    {
        var client = new TableServiceClient(stack.Azurite.ConnectionString).GetTableClient("things" + Guid.NewGuid().ToString("N")[..12]);
        await client.CreateIfNotExistsAsync(Ct);
        var table = new DocumentTable<Thing>(client, t => new Dictionary<string, object?>
        {
            ["Owner"] = t.Owner.Value,
            ["Colour"] = t.Colour.ToString(),
            ["Count"] = t.Count,
            ["Done"] = t.Done,
            ["At"] = t.At,
            ["EndsAt"] = t.EndsAt,
            ["Note"] = t.Note,
        });
        return (table, client);
    }
}
