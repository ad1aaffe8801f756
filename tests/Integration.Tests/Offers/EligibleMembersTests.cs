using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Functions.Offers;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

public sealed class EligibleMembersTests(StackFixture stack)
{
    [Fact]
    public async Task EligibleMembers_ShouldListProjectMembersWithoutACodeWithProposedCodes()
    {
        using var brand = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();
        var project = await CreateProjectAsync(brand);
        var members = await AddMembersAsync(brand, project, ("John Smith", "john@example.com"), ("Ana Lima", "ana@example.com"), ("Bo Chen", "bo@example.com"));
        await GiveCodeAsync(brand, offer, members[1], "ANA10");

        var answer = await brand.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={project}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var eligible = answer.AsExactly<EligibleMembersResponse>();
        var items = eligible.Items.ToDictionary(i => i.MemberId);
        Assert.Equal(new[] { members[0], members[2] }.Order(), items.Keys.Order());
        Assert.Equal("JOHN10", items[members[0]].Code);
        Assert.Equal(CodePlanStatus.Proposed, items[members[0]].Status);
        Assert.Equal("BO10", items[members[2]].Code);
        Assert.Equal(2, eligible.Total);
        Assert.False(eligible.Truncated);
    }

    [Fact]
    public async Task EligibleMembers_WhenCodeTakenInStoreOrBatch_ShouldProposeTheNextFreeCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();
        var project = await CreateProjectAsync(brand);
        var members = await AddMembersAsync(brand, project, ("John Smith", "john@example.com"), ("John Doe", "john.doe@example.com"));
        var index = stack.Services.GetRequiredService<CodeIndexStore>();
        var owner = new CodeOwner(OfferId.New(), MemberId.New(), CodeBatchId.New(), DateTimeOffset.UtcNow);
        await index.ReserveAsync(new BrandId(brand.Id), "john10", owner, Ct);

        var answer = await brand.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={project}");

        // Members are listed in member-id order; the first listed keeps the first free code.
        var items = answer.AsExactly<EligibleMembersResponse>().Items;
        Assert.Equal(members.Order(), items.Select(i => i.MemberId));
        Assert.Equal("JOHN10B", items[0].Code);
        Assert.Equal(CodePlanStatus.Adjusted, items[0].Status);
        Assert.Equal("JOHN10", items[0].ProposedCode);
        Assert.Equal("JOHN10C", items[1].Code);
    }

    [Fact]
    public async Task EligibleMembers_AcrossProjects_ShouldListEachMemberOnceAndSkipDeclinedOnly()
    {
        using var brand = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();
        var first = await CreateProjectAsync(brand);
        var second = await CreateProjectAsync(brand);
        var shared = await AddMembersAsync(brand, first, ("Kim Park", "kim@example.com"), ("Lee Wu", "lee@example.com"));
        await brand.Client.PostJsonAsync($"api/v1/projects/{second}/members", new[] { new { memberId = shared[0], stage = "active" }, new { memberId = shared[1], stage = "declined" } });
        await brand.Client.PostJsonAsync($"api/v1/projects/{first}/members", new[] { new { memberId = shared[1], stage = "declined" } });

        var answer = await brand.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={first}&projectId={second}");

        var item = Assert.Single(answer.AsExactly<EligibleMembersResponse>().Items);
        Assert.Equal(shared[0], item.MemberId);
        Assert.Equal([first, second], item.ProjectIds);
    }

    [Fact]
    public async Task EligibleMembers_WithoutProjectId_ShouldAnswer400NamingIt()
    {
        using var brand = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();

        var answer = await brand.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("projectId", answer.ErrorFields);
    }

    [Fact]
    public async Task EligibleMembers_WithAnotherBrandsOrMalformedProject_ShouldAnswer400NamingEach()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var foreignProject = await CreateProjectAsync(owner);
        var offer = (await other.CreateOfferAsync()).Id();

        var answer = await other.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={foreignProject}&projectId={Uri.EscapeDataString("' or PartitionKey ne '")}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Superset(new HashSet<string> { "projectId[0]", "projectId[1]" }, answer.ErrorFields.ToHashSet());
    }

    [Fact]
    public async Task EligibleMembers_ForAnotherBrandsOffer_ShouldAnswer404()
    {
        using var owner = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var offer = (await owner.CreateOfferAsync()).Id();
        var project = await CreateProjectAsync(other);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetJsonAsync($"api/v1/offers/{offer}/eligible-members?projectId={project}")).Status);
    }

    private static async Task<string> CreateProjectAsync(TestBrand brand) =>
        (await brand.Client.PostJsonAsync("api/v1/projects", new { name = "Project " + Guid.NewGuid().ToString("N")[..6] })).Id();

    private static async Task<string[]> AddMembersAsync(TestBrand brand, string project, params (string Name, string Email)[] members)
    {
        var import = await brand.Client.PostJsonAsync($"api/v1/members/import?projectId={project}", members.Select(m => new { name = m.Name, email = m.Email }).ToArray());
        Assert.Equal(HttpStatusCode.OK, import.Status);
        return Members.MemberImportTests.MemberIds(import);
    }

    private async Task GiveCodeAsync(TestBrand brand, string offer, string member, string code)
    {
        var codes = stack.Services.GetRequiredService<PromoCodeStore>();
        var now = DateTimeOffset.UtcNow;
        var promo = new PromoCode(new OfferId(offer), new MemberId(member), code, PromoCodeStatus.Active, now, null, CodeBatchId.New(), null, null, now, now);
        await codes.UpsertManyAsync(new BrandId(brand.Id), new OfferId(offer), [promo], Ct);
    }
}
