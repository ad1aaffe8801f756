using System.Net;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Automation;

public sealed class StageTriggerTests(StackFixture stack)
{
    [Fact]
    public async Task StageSetTwiceConcurrently_ShouldGiveTheMemberOneCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        var members = await brand.ImportMembersAsync(project, 1);
        var offer = await brand.CreateTriggeredOfferAsync(project);

        await Task.WhenAll(brand.MoveAsync(project, members, "contracted"), brand.MoveAsync(project, members, "contracted"));
        var codes = await brand.WaitForCodesAsync(offer, 1);

        var code = Assert.Single(codes);
        Assert.Equal(members[0], code.MemberId);
        Assert.Equal("active", code.Status);
        Assert.Equal("Standard", code.PayoutOption);
        Assert.Equal(30, Math.Round((code.EndsAt!.Value - code.StartsAt).TotalDays));
        Assert.Single(await brand.BatchesAsync(offer));
    }

    [Fact]
    public async Task MemberMovedOnAfterTheCode_ShouldKeepTheirOneCode()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        var members = await brand.ImportMembersAsync(project, 2);
        var offer = await brand.CreateTriggeredOfferAsync(project);

        await brand.MoveAsync(project, members, "contracted");
        var first = await brand.WaitForCodesAsync(offer, 2);
        await brand.MoveAsync(project, members, "active");
        await brand.MoveAsync(project, members, "completed");
        await Task.Delay(TimeSpan.FromSeconds(7), ApiCalls.Ct); // longer than a trigger window

        var after = await brand.CodesAsync(offer);
        Assert.Equal(first.Select(c => (c.MemberId, c.Code)).Order(), after.Select(c => (c.MemberId, c.Code)).Order());
        Assert.Single(await brand.BatchesAsync(offer));
    }

    [Fact]
    public async Task MemberAddedAtTheStageOrPastIt_ShouldGetACode_AndOneBelowItShouldNot()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        var offer = await brand.CreateTriggeredOfferAsync(project);
        var elsewhere = await brand.CreateProjectAsync();
        var members = await brand.ImportMembersAsync(elsewhere, 3);

        var added = await brand.Client.PostJsonAsync($"api/v1/projects/{project}/members", new object[]
        {
            new { memberId = members[0], stage = "contracted" },
            new { memberId = members[1], stage = "active" },
            new { memberId = members[2], stage = "accepted" },
        });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var codes = await brand.WaitForCodesAsync(offer, 2);

        Assert.Equal(members[..2].Order(), codes.Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task FiveHundredMembersMovedAtOnce_ShouldShareAFewGenerationsWithOneCodeEach()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        var members = await brand.ImportMembersAsync(project, 500);
        var offer = await brand.CreateTriggeredOfferAsync(project);

        await Task.WhenAll(members.Chunk(100).Select(chunk => brand.MoveAsync(project, chunk, "contracted")));
        var codes = await brand.WaitForCodesAsync(offer, 500, TimeSpan.FromMinutes(3));

        Assert.Equal(500, codes.Count);
        Assert.Equal(members.Order(), codes.Select(c => c.MemberId).Order());
        Assert.All(codes, c => Assert.Equal("active", c.Status));
        var batches = await brand.BatchesAsync(offer);
        TestContext.Current.TestOutputHelper?.WriteLine($"500 members moved in 5 concurrent requests: {batches.Count} generation(s)");
        Assert.InRange(batches.Count, 1, 3);
        Assert.Equal(500, batches.Sum(b => b.Created));
    }

    [Fact]
    public async Task CreateOffer_WhenStageTriggerIsInvalid_ShouldNameEachFieldAndStoreNothing()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        var body = ApiCalls.OfferBody();
        body["stageTriggers"] = new object[]
        {
            new { projectId = "nope", stage = "contracted" },
            new { projectId = project, stage = "invited" },
            new { projectId = project, stage = "active", payoutOption = "Premium", endAfterDays = 0 },
            new { projectId = project, stage = "completed", endAfterDays = 10, endsAt = DateTimeOffset.UtcNow.AddDays(5) },
        };

        var answer = await brand.Client.PostJsonAsync("api/v1/offers", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(
            new[] { "stageTriggers[0].projectId", "stageTriggers[1].stage", "stageTriggers[2].payoutOption", "stageTriggers[2].endAfterDays", "stageTriggers[3].endsAt" }.Order(),
            answer.ErrorFields.Order());
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }

    [Fact]
    public async Task CreateOffer_WhenTheTriggerNamesAnotherBrandsProject_ShouldRefuseIt()
    {
        using var brand = await stack.CreateBrandAsync();
        using var other = await stack.CreateBrandAsync();
        var foreignProject = await other.CreateProjectAsync();
        var body = ApiCalls.OfferBody();
        body["stageTriggers"] = new[] { new { projectId = foreignProject, stage = "contracted" } };

        var answer = await brand.Client.PostJsonAsync("api/v1/offers", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(["stageTriggers[0].projectId"], answer.ErrorFields);
        Assert.Empty(await brand.Client.ListAllAsync("api/v1/offers"));
    }
}
