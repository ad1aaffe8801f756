using System.Net;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Emails;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Automation;

public sealed record ScheduledBatch(string Id, string Status, DateTimeOffset? ScheduledFor, int Created);

public sealed record BatchDetail(ScheduledBatch Batch);

public sealed record BatchAccepted(ScheduledBatch Batch);

public sealed record SendCounts(int Total, int Queued, int Sent, int Failed, int Skipped);

public sealed record SendState(string Id, string Status, SendCounts Counts, DateTimeOffset? SendAt);

public sealed class ScheduleTests(StackFixture stack)
{
    private static async Task<ScheduledBatch> GetBatchAsync(TestBrand brand, string batchId)
    {
        var answer = await brand.Client.GetJsonAsync($"api/v1/code-batches/{batchId}?pageSize=0");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Read<BatchDetail>().Batch;
    }

    private static async Task<(TestBrand Brand, string Offer, string Project, string Batch)> ScheduleGenerationAsync(StackFixture stack, TimeSpan ahead)
    {
        var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        await brand.ImportMembersAsync(project, 3);
        var offer = (await brand.CreateOfferAsync()).Id();
        var accepted = await brand.GenerateAsync(offer, new { projectIds = new[] { project }, startsAt = DateTimeOffset.UtcNow, scheduledFor = DateTimeOffset.UtcNow + ahead });
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Body.ToString());
        return (brand, offer, project, accepted.Read<BatchAccepted>().Batch.Id);
    }

    [Fact]
    public async Task ScheduledGeneration_WhenCancelledBeforeItsTime_ShouldNeverRunAndShowCancelled()
    {
        var (brand, offer, _, batch) = await ScheduleGenerationAsync(stack, TimeSpan.FromSeconds(4));
        using var _ = brand;

        var scheduled = await GetBatchAsync(brand, batch);
        var cancelled = await brand.Client.PostJsonAsync($"api/v1/code-batches/{batch}/cancel");
        var again = await brand.Client.PostJsonAsync($"api/v1/code-batches/{batch}/cancel");
        await Task.Delay(TimeSpan.FromSeconds(7), ApiCalls.Ct); // past the scheduled time

        Assert.Equal("scheduled", scheduled.Status);
        Assert.NotNull(scheduled.ScheduledFor);
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("cancelled", cancelled.Read<ScheduledBatch>().Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("cancelled", (await GetBatchAsync(brand, batch)).Status);
        Assert.Empty(await brand.CodesAsync(offer));
        Assert.Empty(brand.Shop.Discounts);
    }

    [Fact]
    public async Task ScheduledGeneration_WhenCancelledAfterItStarted_ShouldAnswer409AndKeepItsCodes()
    {
        var (brand, offer, _, batch) = await ScheduleGenerationAsync(stack, TimeSpan.FromSeconds(2));
        using var _ = brand;

        var done = await brand.WaitForCodesAsync(offer, 3);
        var late = await brand.Client.PostJsonAsync($"api/v1/code-batches/{batch}/cancel");

        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("application/problem+json", late.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("completed", (await GetBatchAsync(brand, batch)).Status);
        Assert.Equal(3, done.Count);
    }

    [Fact]
    public async Task CancelGeneration_WhenNotScheduledOrUnknown_ShouldAnswer409Or404()
    {
        using var brand = await stack.CreateBrandAsync();
        var project = await brand.CreateProjectAsync();
        await brand.ImportMembersAsync(project, 1);
        var offer = (await brand.CreateOfferAsync()).Id();
        var now = await brand.GenerateAsync(offer, new { projectIds = new[] { project }, startsAt = DateTimeOffset.UtcNow });
        using var other = await stack.CreateBrandAsync();

        var refused = await brand.Client.PostJsonAsync($"api/v1/code-batches/{now.Read<BatchAccepted>().Batch.Id}/cancel");
        var foreign = await other.Client.PostJsonAsync($"api/v1/code-batches/{now.Read<BatchAccepted>().Batch.Id}/cancel");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
    }

    [Fact]
    public async Task ScheduleGeneration_WhenTooFarAhead_ShouldNameTheField()
    {
        using var brand = await stack.CreateBrandAsync();
        var offer = (await brand.CreateOfferAsync()).Id();

        var answer = await brand.GenerateAsync(offer, new { memberIds = new[] { Guid.NewGuid().ToString("N") }, startsAt = DateTimeOffset.UtcNow, scheduledFor = DateTimeOffset.UtcNow.AddDays(400) });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("scheduledFor", answer.ErrorFields);
    }

    [Fact]
    public async Task ScheduledEmailSend_WhenCancelledBeforeSendAt_ShouldSendNothingAndShowCancelled()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Nora", "NORA15");
        var sendId = await scenario.StartSendAsync(new { memberIds = new[] { member.Id.Value }, sendAt = DateTimeOffset.UtcNow.AddSeconds(4) });

        var scheduled = (await scenario.Client.GetJsonAsync($"api/v1/email-sends/{sendId}")).Read<SendState>();
        var cancelled = await scenario.Client.PostJsonAsync($"api/v1/email-sends/{sendId}/cancel");
        await Task.Delay(TimeSpan.FromSeconds(7), ApiCalls.Ct);
        var after = (await scenario.Client.GetJsonAsync($"api/v1/email-sends/{sendId}")).Read<SendState>();

        Assert.Equal("scheduled", scheduled.Status);
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal("cancelled", after.Status);
        Assert.Equal(0, after.Counts.Sent);
        Assert.Empty(await stack.Mail.ListToAsync(member.Email!, ApiCalls.Ct));
    }

    [Fact]
    public async Task EmailSend_WhenCancelledAfterItWentOut_ShouldAnswer409()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var member = await scenario.AddEmailableAsync("Omar", "OMAR15");
        var sendId = await scenario.StartSendAsync(new { memberIds = new[] { member.Id.Value } });
        await scenario.WaitForCompletionAsync(sendId);

        var late = await scenario.Client.PostJsonAsync($"api/v1/email-sends/{sendId}/cancel");

        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Single(await stack.Mail.ListToAsync(member.Email!, ApiCalls.Ct));
    }
}
