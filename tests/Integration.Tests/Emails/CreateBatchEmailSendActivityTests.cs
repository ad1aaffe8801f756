using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Emails;
using PromoServerless.Functions.Emails;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

/// <summary>
/// <c>CreateBatchEmailSend</c>, the activity code generation calls before running <c>SendEmails</c> as a
/// sub-orchestration; here the test starts that orchestration itself on the app's engine.
/// </summary>
public sealed class CreateBatchEmailSendActivityTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateBatchEmailSend_WhenRunTwice_ShouldGiveOneSendThatEmailsTheBatchsLiveCodesOnce()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var batchId = CodeBatchId.New();
        var ada = await scenario.AddMemberAsync("Ada Batch", EmailScenario.UniqueAddress("ada"), "ADA15", batch: batchId);
        var ben = await scenario.AddMemberAsync("Ben Batch", EmailScenario.UniqueAddress("ben"), "BEN15", PromoCodeStatus.Scheduled, batchId);
        var failed = await scenario.AddMemberAsync("Cal Batch", EmailScenario.UniqueAddress("cal"), "CAL15", PromoCodeStatus.Failed, batchId);
        var otherBatch = await scenario.AddEmailableAsync("Dot", "DOT15");
        await StoreBatchAsync(scenario, batchId, sendEmails: true);
        var request = new BatchEmailRequest(scenario.BrandId.Value, batchId.Value);

        var first = await RunActivityAsync(request);
        var second = await RunActivityAsync(request);
        await RunSendEmailsAsync(scenario, first!);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        foreach (var member in new[] { ada, ben })
        {
            var received = Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
            Assert.Equal($"Your {scenario.BrandName} code: {member.Code}", received.Subject);
            Assert.StartsWith($"Hi {member.Name.Split(' ')[0]},", received.Text, StringComparison.Ordinal);
        }

        Assert.Empty(await stack.Mail.ListToAsync(failed.Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(otherBatch.Email!, Cancel));
        var send = await scenario.GetSendAsync(first!);
        Assert.Equal(EmailSendStatus.Completed, send.Status);
        Assert.Equal("batch:" + batchId.Value, send.Origin);
    }

    [Fact]
    public async Task CreateBatchEmailSend_WhenTheBatchDidNotAskForEmails_ShouldAnswerNullAndStoreNothing()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var batchId = CodeBatchId.New();
        var member = await scenario.AddMemberAsync("Eve Quiet", EmailScenario.UniqueAddress("eve"), "EVE15", batch: batchId);
        await StoreBatchAsync(scenario, batchId, sendEmails: false);

        var sendId = await RunActivityAsync(new BatchEmailRequest(scenario.BrandId.Value, batchId.Value));

        Assert.Null(sendId);
        Assert.Null(await scenario.Service<EmailSendStore>().GetAsync(scenario.BrandId, EmailSendActivities.SendIdOf(batchId), Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(member.Email!, Cancel));
    }

    [Fact]
    public async Task CreateBatchEmailSend_WhenNoMemberOfTheBatchCanBeEmailed_ShouldAnswerNull()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var batchId = CodeBatchId.New();
        await scenario.AddMemberAsync("Fay Nomail", email: null, "FAY15", batch: batchId);
        await StoreBatchAsync(scenario, batchId, sendEmails: true);

        Assert.Null(await RunActivityAsync(new BatchEmailRequest(scenario.BrandId.Value, batchId.Value)));
    }

    private static async Task StoreBatchAsync(EmailScenario scenario, CodeBatchId batchId, bool sendEmails)
    {
        var batch = CodeBatch.Queue(batchId, scenario.BrandId, scenario.Offer, EmailScenario.CodeStart, EmailScenario.CodeEnd, sendEmails, DateTimeOffset.UtcNow);
        Assert.True((await scenario.Service<CodeBatchStore>().InsertAsync(batch, Cancel)).IsOk);
    }

    private async Task<string?> RunActivityAsync(BatchEmailRequest request)
    {
        using var scope = stack.Services.CreateScope();
        return await ActivatorUtilities.CreateInstance<EmailSendActivities>(scope.ServiceProvider).CreateBatchEmailSend(request, Cancel);
    }

    private async Task RunSendEmailsAsync(EmailScenario scenario, string sendId)
    {
        using var hub = TaskHub.Of(stack.Azurite.ConnectionString, stack.Settings);
        await hub.StartAsync(EmailOrchestrationNames.SendEmails, sendId, new EmailSendRef(scenario.BrandId.Value, sendId));
        Assert.Equal(DurableTask.Core.OrchestrationStatus.Completed, await hub.WaitForCompletionAsync(sendId, TimeSpan.FromSeconds(30)));
    }
}
