using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Codes;
using PromoServerless.Integration.Tests.Fixtures;

namespace PromoServerless.Integration.Tests.Emails;

public sealed class CodeBatchEmailStarterTests(StackFixture stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_WhenABatchCompletesWithSendEmails_ShouldEmailItsMembersWithLiveCodesOnce()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var batchId = CodeBatchId.New();
        var ada = await scenario.AddMemberAsync("Ada Batch", EmailScenario.UniqueAddress("ada"), "ADA15", batch: batchId);
        var ben = await scenario.AddMemberAsync("Ben Batch", EmailScenario.UniqueAddress("ben"), "BEN15", PromoCodeStatus.Scheduled, batchId);
        var failed = await scenario.AddMemberAsync("Cal Batch", EmailScenario.UniqueAddress("cal"), "CAL15", PromoCodeStatus.Failed, batchId);
        var otherBatch = await scenario.AddEmailableAsync("Dot", "DOT15");
        var batch = CodeBatch.Queue(batchId, scenario.BrandId, scenario.Offer, EmailScenario.CodeStart, EmailScenario.CodeEnd, sendEmails: true, DateTimeOffset.UtcNow)
            with { Status = CodeBatchStatus.CompletedWithErrors, CompletedAt = DateTimeOffset.UtcNow };
        var starter = scenario.Service<ICodeBatchEmailStarter>();

        await starter.StartAsync(batch, Cancel);
        await starter.StartAsync(batch, Cancel);

        foreach (var member in new[] { ada, ben })
        {
            var received = Assert.Single(await stack.Mail.WaitForAsync(member.Email!, cancellationToken: Cancel));
            Assert.Equal($"Your {scenario.BrandName} code: {member.Code}", received.Subject);
            Assert.StartsWith($"Hi {member.Name.Split(' ')[0]},", received.Text, StringComparison.Ordinal);
        }

        await Task.Delay(1_000, Cancel);
        Assert.Single(await stack.Mail.ListToAsync(ada.Email!, Cancel));
        Assert.Single(await stack.Mail.ListToAsync(ben.Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(failed.Email!, Cancel));
        Assert.Empty(await stack.Mail.ListToAsync(otherBatch.Email!, Cancel));
    }

    [Fact]
    public async Task StartAsync_WhenTheBatchDidNotAskForEmails_ShouldSendNothing()
    {
        using var scenario = await EmailScenario.CreateAsync(stack);
        var batchId = CodeBatchId.New();
        var member = await scenario.AddMemberAsync("Eve Quiet", EmailScenario.UniqueAddress("eve"), "EVE15", batch: batchId);
        var batch = CodeBatch.Queue(batchId, scenario.BrandId, scenario.Offer, EmailScenario.CodeStart, null, sendEmails: false, DateTimeOffset.UtcNow);

        await scenario.Service<ICodeBatchEmailStarter>().StartAsync(batch, Cancel);

        await Task.Delay(1_000, Cancel);
        Assert.Empty(await stack.Mail.ListToAsync(member.Email!, Cancel));
    }
}
