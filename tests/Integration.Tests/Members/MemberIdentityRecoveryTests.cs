using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using PromoServerless.Integration.Tests.Offers;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Members;

public sealed class MemberIdentityRecoveryTests(StackFixture stack)
{
    [Fact]
    public async Task Import_WhenAnEarlierImportCrashedAfterClaimingTheIdentity_ShouldCreateTheMemberUnderTheClaimedId()
    {
        using var brand = await stack.CreateBrandAsync();
        var storage = stack.Services.GetRequiredService<StorageClients>();
        var identities = new DocumentTable<MemberIdentityRecord>(storage.Table(TableNames.MemberIdentities));
        var claimedId = MemberId.New();
        var identity = MemberIdentityKey.For(null, "crash@example.com").Value;
        await identities.InsertAsync(brand.Id, RowKeys.Hashed(identity), new MemberIdentityRecord(identity, claimedId.Value), Ct);

        var answer = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "After Crash", email = "Crash@example.com" } });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal([claimedId.Value], MemberImportTests.MemberIds(answer));
        Assert.Equal(HttpStatusCode.OK, (await brand.Client.GetJsonAsync($"api/v1/members/{claimedId}")).Status);
        var again = await brand.Client.PostJsonAsync("api/v1/members/import", new[] { new { name = "After Crash", email = "Crash@example.com" } });
        Assert.Equal(MemberImportOutcome.Unchanged, again.As<PromoServerless.Functions.Members.MemberImportResponse>().Rows[0].Outcome);
    }
}
