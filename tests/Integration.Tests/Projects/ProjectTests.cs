using System.Net;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Members;
using PromoServerless.Functions.Projects;
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
        var project = read.AsExactly<ProjectResponse>();
        Assert.Equal("Spring <b>launch</b> ' or 1 eq 1", project.Name);
        Assert.Equal("Line one\nLine two", project.Description);
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
        Assert.Equal(3, first.AsExactly<MembershipChangesResponse>().Added);

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
        var items = second.AsExactly<MembershipChangesResponse>().Items;
        MembershipOutcome[] expected =
        [
            MembershipOutcome.Moved, MembershipOutcome.Refused, MembershipOutcome.Unchanged, MembershipOutcome.UnknownMember,
            MembershipOutcome.UnknownMember, MembershipOutcome.Invalid, MembershipOutcome.Invalid,
        ];
        Assert.Equal(expected, items.Select(i => i.Outcome));
        Assert.Contains("back", items[1].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(WorkflowStage.Contracted, items[1].Stage);
        Assert.Superset(new HashSet<string> { "memberId", "stage" }, items[6].Errors!.Keys.ToHashSet());

        var listed = await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members?pageSize=2");
        Assert.Equal(2, listed.Items<ProjectMemberResponse>().Count);
        var paged = await brand.Client.ListAllAsync<ProjectMemberResponse>($"api/v1/projects/{project}/members?pageSize=2");
        Assert.Equal(ids.Order(), paged.Select(m => m.Member.Id).Order());
        var all = await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members");
        var byMember = all.AsExactly<PagedResponse<ProjectMemberResponse>>().Items.ToDictionary(i => i.Member.Id, i => i.Stage);
        Assert.Equal(WorkflowStage.Active, byMember[ids[0]]);
        Assert.Equal(WorkflowStage.Contracted, byMember[ids[1]]);
        Assert.Equal(WorkflowStage.Declined, byMember[ids[2]]);
    }

    [Fact]
    public async Task ImportWithProjectId_ShouldAddImportedMembersOnceAsInvited()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = (await brand.Client.PostJsonAsync("api/v1/projects", new { name = "P" })).Id();
        var members = new[] { new { name = "A A", email = "a@example.com" }, new { name = "B B", email = "b@example.com" } };

        var first = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", members);
        var second = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", members);

        Assert.Equal(2, first.As<MemberImportResponse>().AddedToProject);
        Assert.Equal(0, second.As<MemberImportResponse>().AddedToProject);
        var listed = (await brand.Client.GetJsonAsync($"api/v1/projects/{project}/members")).AsExactly<PagedResponse<ProjectMemberResponse>>().Items;
        Assert.All(listed, i => Assert.Equal(WorkflowStage.Invited, i.Stage));
        Assert.Equal(2, listed.Count);
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
        Assert.Equal([MembershipOutcome.UnknownMember, MembershipOutcome.Added], foreign.AsExactly<MembershipChangesResponse>().Items.Select(i => i.Outcome));
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
