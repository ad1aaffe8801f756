using System.Net;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Members;
using PromoServerless.Integration.Tests.Offers;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Projects;

public sealed class ProjectTests(StackFixture stack)
{
    [Fact]
    public async Task CreateProject_WhenValid_ShouldAnswer201AndBeReadableAndListed()
    {
        using var brand = await stack.CreateBrandAsync();
        var created = await brand.Client.PostJsonAsync("api/v1/projects", new { name = "Spring <b>launch</b> ' or 1 eq 1", description = "Line one\nLine two" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"/api/v1/projects/{created.Id()}", created.Response.Headers.Location?.ToString());
        var read = await brand.Client.GetJsonAsync($"api/v1/projects/{created.Id()}");
        Assert.Equal("Spring <b>launch</b> ' or 1 eq 1", read.Body.GetProperty("name").GetString());
        Assert.Equal("Line one\nLine two", read.Body.GetProperty("description").GetString());
        Assert.Equal([created.Id()], await brand.Client.ListAllAsync("api/v1/projects"));
    }

    [Fact]
    public async Task CreateProject_WhenInvalid_ShouldNameTheFieldsAndWriteNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var answer = await brand.Client.PostJsonAsync("api/v1/projects", new { name = "   ", description = new string('d', 2001) });
        var unknownField = await brand.Client.PostRawAsync("api/v1/projects", """{"name":"A","owner":"me"}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Superset(new HashSet<string> { "name", "description" }, answer.ErrorFields.ToHashSet());
        Assert.Contains("owner", unknownField.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/projects"));
    }

    [Fact]
    public async Task AddMembers_ShouldAddMoveRefuseAndReportEachItem()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = (await brand.Client.PostJsonAsync("api/v1/projects", new { name = "P" })).Id();
        var ids = await ImportAsync(brand, "a", "b", "c");
        var first = await brand.Client.PostJsonAsync($"api/v1/projects/{project}/members", new object[]
        {
            new { memberId = ids[0] },
            new { memberId = ids[1], stage = "contracted" },
            new { memberId = ids[2], stage = "declined" },
        });
        Assert.Equal(3, first.Body.GetProperty("added").GetInt32());

        var second = await brand.Client.PostJsonAsync($"api/v1/projects/{project}/members", new object[]
        {
            new { memberId = ids[0], stage = "active" },
            new { memberId = ids[1], stage = "accepted" },
            new { memberId = ids[2], stage = "declined" },
            new { memberId = Guid.NewGuid().ToString("N") },
            new { memberId = "' or PartitionKey ne '" },
            new { memberId = ids[0], stage = "completed" },
            new { stage = "sleeping" },
        });

        Assert.Equal(HttpStatusCode.OK, second.Status);
        var outcomes = second.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()!).ToArray();
        Assert.Equal(["moved", "refused", "unchanged", "unknownMember", "unknownMember", "invalid", "invalid"], outcomes);
        var items = second.Body.GetProperty("items");
        Assert.Contains("back", items[1].GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("contracted", items[1].GetProperty("stage").GetString());
        Assert.Superset(new HashSet<string> { "memberId", "stage" }, items[6].GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet());

        var listed = await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members?pageSize=2");
        Assert.Equal(2, listed.Body.GetProperty("items").GetArrayLength());
        var pagedIds = await brand.Client.ListAllAsync($"api/v1/projects/{project}/members?pageSize=2", "member.id");
        Assert.Equal(ids.Order(), pagedIds.Order());
        var all = await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members");
        var byMember = all.Body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("member").GetProperty("id").GetString()!, i => i.GetProperty("stage").GetString());
        Assert.Equal("active", byMember[ids[0]]);
        Assert.Equal("contracted", byMember[ids[1]]);
        Assert.Equal("declined", byMember[ids[2]]);
    }

    [Fact]
    public async Task ImportWithProjectId_ShouldAddImportedMembersOnceAsInvited()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = (await brand.Client.PostJsonAsync("api/v1/projects", new { name = "P" })).Id();
        var members = new[] { new { name = "A A", email = "a@example.com" }, new { name = "B B", email = "b@example.com" } };

        var first = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", members);
        var second = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", members);

        Assert.Equal(2, first.Body.GetProperty("addedToProject").GetInt32());
        Assert.Equal(0, second.Body.GetProperty("addedToProject").GetInt32());
        var listed = await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members");
        Assert.All(listed.Body.GetProperty("items").EnumerateArray(), i => Assert.Equal("invited", i.GetProperty("stage").GetString()));
        Assert.Equal(2, listed.Body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Projects_OfAnotherBrand_ShouldAnswer404AndStayOutOfLists()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var project = (await owner.Client.PostJsonAsync("api/v1/projects", new { name = "P" })).Id();
        var ownerMember = (await ImportAsync(owner, "x"))[0];
        var otherMember = (await ImportAsync(other, "y"))[0];

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/projects/{project}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/projects/{project}/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostJsonAsync($"api/v1/projects/{project}/members", new[] { new { memberId = otherMember } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", new[] { new { name = "Z", email = "z@example.com" } })).Status);
        Assert.Empty(await other.Client.ListAllAsync("api/v1/projects"));

        var foreign = await owner.Client.PostJsonAsync($"api/v1/projects/{project}/members", new[] { new { memberId = otherMember }, new { memberId = ownerMember } });
        Assert.Equal(["unknownMember", "added"], foreign.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task AddMembers_WhenBodyEmptyOrNotAList_ShouldAnswer400()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = (await brand.Client.PostJsonAsync("api/v1/projects", new { name = "P" })).Id();

        Assert.Equal(HttpStatusCode.BadRequest, (await brand.Client.PostRawAsync($"api/v1/projects/{project}/members", "[]")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await brand.Client.PostRawAsync($"api/v1/projects/{project}/members", """{"memberId":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await brand.Client.PostRawAsync($"api/v1/projects/{project}/members", """[{"memberId":"x","role":"y"}]""")).Status);
    }

    /// <summary>Imports one member per name (email name@example.com) and answers their ids in order.</summary>
    internal static async Task<string[]> ImportAsync(TestBrand brand, params string[] names)
    {
        var answer = await brand.Client.PostJsonAsync("api/v1/members/import", names.Select(n => new { name = n, email = $"{n}@example.com" }).ToArray());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return MemberImportTests.MemberIds(answer);
    }
}
