using System.Diagnostics;
using System.Net;
using System.Text;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Members;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Members;

public sealed class MemberImportTests(StackFixture stack)
{
    [Fact]
    public async Task ImportJson_WhenRepeated_ShouldCreateOnceThenReportUnchanged()
    {
        using var brand = await stack.CreateBrandAsync();
        object[] members =
        [
            new { name = "John Smith", email = "john@example.com", handle = "@johnny" },
            new { firstName = "Ana", lastName = "Lima", email = "ana@example.com", externalId = "crm-7" },
        ];

        var first = await brand.Client.PostJsonAsync("api/v1/members/import", members);
        var second = await brand.Client.PostJsonAsync("api/v1/members/import", members);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(2, first.As<MemberImportResponse>().Created);
        Assert.Equal(0, second.As<MemberImportResponse>().Created);
        Assert.Equal(2, second.As<MemberImportResponse>().Unchanged);
        Assert.Equal(MemberIds(first), MemberIds(second));
        Assert.Equal(2, (await brand.Client.ListAllAsync("api/v1/members")).Count);
        var john = await brand.Client.GetJsonAsync($"api/v1/members/{MemberIds(first)[0]}");
        Assert.Equal("John", john.As<MemberResponse>().FirstName);
        Assert.Equal("Smith", john.As<MemberResponse>().LastName);
        Assert.Equal("johnny", john.As<MemberResponse>().Handle);
    }

    [Fact]
    public async Task ImportJson_WhenKnownMemberChanges_ShouldReportUpdatedAndKeepTheId()
    {
        using var brand = await stack.CreateBrandAsync();
        var first = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "Old Name", email = "Same@Example.com" } });

        var second = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "New Name", email = "same@example.com" } });

        Assert.Equal(MemberImportOutcome.Updated, second.As<MemberImportResponse>().Rows[0].Outcome);
        Assert.Equal(MemberIds(first), MemberIds(second));
        Assert.Equal("New Name", (await brand.Client.GetJsonAsync($"api/v1/members/{MemberIds(first)[0]}")).As<MemberResponse>().Name);
    }

    [Fact]
    public async Task ImportJson_WithInvalidRows_ShouldReportEachWithFieldsAndImportTheGoodOnes()
    {
        using var brand = await stack.CreateBrandAsync();
        object?[] rows =
        [
            new { name = "Good One", email = "good@example.com" },
            new { name = "No Identity" },
            new { name = "Bad Email", email = "not-an-email", handle = "bad handle!" },
            null,
            new { name = "Good One Again", email = "GOOD@example.com" },
        ];

        var answer = await brand.Client.PostJsonAsync("api/v1/members/import", rows);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(1, answer.As<MemberImportResponse>().Created);
        Assert.Equal(4, answer.As<MemberImportResponse>().Invalid);
        var results = answer.As<MemberImportResponse>().Rows;
        Assert.Equal([0, 1, 2, 3, 4], results.Select(r => r.Row));
        Assert.True(results[1].Errors!.ContainsKey("email"));
        var badFields = results[2].Errors!.Keys.ToHashSet();
        Assert.Superset(new HashSet<string> { "email", "handle" }, badFields);
        Assert.Contains("row 0", results[4].Errors!["email"][0]);
        Assert.Single(await brand.Client.ListAllAsync("api/v1/members"));
    }

    [Fact]
    public async Task ImportCsv_WithLenientHeadersAndExtraColumns_ShouldImportAndReportIgnoredColumns()
    {
        using var brand = await stack.CreateBrandAsync();
        var csv = "\uFEFFFirst Name;Last-Name;E-Mail;Instagram;Handle;External ID\r\n"
            + "John;Smith;john@example.com;x;@john;crm-1\r\n"
            + "\r\n"
            + "\"Zoë, Jr\";\"O'Brien\";zoe@example.com;;;crm-2\r\n"
            + "Broken;Row;not-an-email;;;\r\n";

        var answer = await brand.Client.PostRawAsync("api/v1/members/import", csv, "text/csv");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, answer.As<MemberImportResponse>().Created);
        Assert.Equal(["Instagram"], answer.As<MemberImportResponse>().IgnoredColumns);
        var rows = answer.As<MemberImportResponse>().Rows;
        Assert.Equal([2, 4, 5], rows.Select(r => r.Row));
        Assert.Equal(MemberImportOutcome.Invalid, rows[2].Outcome);
        var zoe = await brand.Client.GetJsonAsync($"api/v1/members/{rows[1].MemberId}");
        Assert.Equal("Zoë, Jr", zoe.As<MemberResponse>().FirstName);
        Assert.Equal("O'Brien", zoe.As<MemberResponse>().LastName);
        Assert.Equal("crm-2", zoe.As<MemberResponse>().ExternalId);

        var again = await brand.Client.PostRawAsync("api/v1/members/import", csv, "text/csv");
        Assert.Equal(0, again.As<MemberImportResponse>().Created);
        Assert.Equal(2, again.As<MemberImportResponse>().Unchanged);
    }

    [Theory]
    [InlineData("name,handle\r\nJohn,john\r\n", "header")]
    [InlineData("email,e-mail\r\na@example.com,b@example.com\r\n", "header")]
    [InlineData("", "")]
    [InlineData("name,email\r\n\"John,john@example.com\r\n", "")]
    public async Task ImportCsv_WhenFileUnusable_ShouldAnswer400AndWriteNothing(string csv, string field)
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/members/import", csv, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(field, answer.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/members"));
    }

    [Fact]
    public async Task ImportJson_WithUnknownFieldOrWrongType_ShouldAnswer400NamingItAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var unknown = await brand.Client.PostRawAsync("api/v1/members/import", """[{"name":"A","email":"a@example.com"},{"name":"B","emial":"b@example.com"}]""");
        var wrongType = await brand.Client.PostRawAsync("api/v1/members/import", """[{"name":"A","email":42}]""");
        var notArray = await brand.Client.PostRawAsync("api/v1/members/import", """{"name":"A"}""");
        var malformed = await brand.Client.PostRawAsync("api/v1/members/import", """[{"name":""");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains(unknown.ErrorFields, f => f.EndsWith("emial", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains(wrongType.ErrorFields, f => f.EndsWith("email", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, notArray.Status);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/members"));
    }

    [Fact]
    public async Task Import_WithUnsupportedContentType_ShouldAnswer415()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostRawAsync("api/v1/members/import", "name,email", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status);
    }

    [Fact]
    public async Task Import_WithUnknownProject_ShouldAnswer404AndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={Guid.NewGuid():N}", new[] { new { name = "A", email = "a@example.com" } });

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/members"));
    }

    [Theory]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("{{ member.name }}")]
    [InlineData("Ünïcødé 🎉 名前")]
    public async Task ImportJson_WithInjectionLookingText_ShouldStoreItVerbatim(string text)
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { firstName = text, lastName = "X", email = "a@example.com", externalId = text } });

        var member = await brand.Client.GetJsonAsync($"api/v1/members/{MemberIds(answer)[0]}");

        Assert.Equal(text, member.As<MemberResponse>().FirstName);
        Assert.Equal(text, member.As<MemberResponse>().ExternalId);
        var again = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { email = "a@example.com", externalId = text } });
        Assert.Equal(MemberImportOutcome.Unchanged, again.As<MemberImportResponse>().Rows[0].Outcome);
    }

    [Fact]
    public async Task Import_TenThousandMembers_ShouldFinishWellUnderThirtySecondsAndReimportAsUnchanged()
    {
        using var brand = await stack.CreateBrandAsync();
        var csv = new StringBuilder("name,email,handle,external_id\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Member {i},member{i}@example.com,member_{i},ext-{i}\n");
        }

        var watch = Stopwatch.StartNew();
        var first = await brand.Client.PostRawAsync("api/v1/members/import", csv.ToString(), "text/csv");
        var firstTime = watch.Elapsed;
        watch.Restart();
        var second = await brand.Client.PostRawAsync("api/v1/members/import", csv.ToString(), "text/csv");
        var secondTime = watch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"10,000-member import: first {firstTime.TotalSeconds:0.0} s, re-import {secondTime.TotalSeconds:0.0} s");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(10_000, first.As<MemberImportResponse>().Created);
        Assert.Equal(10_000, second.As<MemberImportResponse>().Unchanged);
        Assert.True(firstTime < TimeSpan.FromSeconds(30), $"first import took {firstTime}");
        Assert.True(secondTime < TimeSpan.FromSeconds(30), $"re-import took {secondTime}");
        Assert.Equal(10_000, (await brand.Client.ListAllAsync("api/v1/members?pageSize=1000")).Count);
    }

    [Fact]
    public async Task Members_OfAnotherBrand_ShouldAnswer404AndStayOutOfLists()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var imported = await owner.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "A", email = "a@example.com" } });

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/members/{MemberIds(imported)[0]}")).Status);
        Assert.Empty(await other.Client.ListAllAsync("api/v1/members"));
        var sameIdentity = await other.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "A", email = "a@example.com" } });
        Assert.Equal(MemberImportOutcome.Created, sameIdentity.As<MemberImportResponse>().Rows[0].Outcome);
        Assert.NotEqual(MemberIds(imported), MemberIds(sameIdentity));
    }

    [Theory]
    [InlineData("' or PartitionKey ne '")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    public async Task GetMember_WithMalformedId_ShouldAnswer404(string id)
    {
        using var brand = await stack.CreateBrandAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await brand.Client.GetJsonAsync($"api/v1/members/{Uri.EscapeDataString(id)}")).Status);
    }

    [Fact]
    public async Task MembersImport_WithReadOnlyKey_ShouldAnswer403()
    {
        using var brand = await stack.CreateBrandAsync(scopes: ["members:read"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "A", email = "a@example.com" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await brand.Client.GetJsonAsync("api/v1/members")).Status);
    }

    internal static string[] MemberIds(ApiAnswer import) =>
        import.As<MemberImportResponse>().Rows.Select(r => r.MemberId).OfType<string>().ToArray();
}
