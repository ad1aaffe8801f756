using System.Net;
using PromoServerless.Integration.Tests.Codes;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;

namespace PromoServerless.Integration.Tests.Emails;

/// <summary>A generation that asks for emails ends with the <c>SendEmails</c> sub-orchestration for its members.</summary>
public sealed class GenerationEmailTests(StackFixture stack)
{
    [Fact]
    public async Task Generate_WithSendEmails_ShouldEmailEveryMemberTheirNewCodeOnce()
    {
        using var brand = await stack.CreateBrandAsync();
        var setup = await brand.OfferWithProjectMembersAsync([("Ana", "Lopez"), ("Zed", "Brown")]);

        var accepted = await brand.GenerateAsync(setup.OfferId, new { projectIds = new[] { setup.ProjectId }, startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), sendEmails = true });
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Body.ToString());
        await brand.WaitForBatchAsync(accepted.BatchId());

        foreach (var (email, code) in setup.MemberIdsByEmail.Keys.Zip(["ANA10", "ZED10"]))
        {
            var received = Assert.Single(await stack.Mail.WaitForAsync(email, timeout: TimeSpan.FromSeconds(30), cancellationToken: ApiCalls.Ct));
            Assert.Contains(code, received.Subject, StringComparison.Ordinal);
        }
    }
}
