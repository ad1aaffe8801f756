using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Infra.Storage;
using PromoServerless.Infra.Tables;
using PromoServerless.Integration.Tests.Fixtures;
using static PromoServerless.Integration.Tests.Offers.ApiCalls;

namespace PromoServerless.Integration.Tests.Offers;

/// <summary>The name guard after a crash between the claim and the offer write, driven through the store with a fake clock.</summary>
public sealed class OfferNameClaimTests(StackFixture stack)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task CreateAsync_WhenAClaimIsOrphanedByACrash_ShouldRefuseDuringGraceThenTakeItOver()
    {
        var (offers, names) = Stores();
        var brand = BrandId.New();
        await names.InsertAsync(Keys.Brand(brand), RowKeys.Hashed("SUMMER"), new OfferStore.OfferNameClaim(OfferId.New().Value, "SUMMER", _time.GetUtcNow()), Ct);

        var during = await offers.CreateAsync(NewOffer(brand, "Summer"), Ct);
        _time.Advance(OfferStore.ClaimGracePeriod + TimeSpan.FromSeconds(1));
        var after = await offers.CreateAsync(NewOffer(brand, "summer"), Ct);

        Assert.Equal(OfferWriteStatus.NameTaken, during.Status);
        Assert.Equal(OfferWriteStatus.Saved, after.Status);
        Assert.NotNull(await offers.GetAsync(brand, after.Offer!.Value.Id, Ct));
    }

    [Fact]
    public async Task CreateAsync_WhenTheClaimHolderStillHasTheName_ShouldRefuseEvenAfterGrace()
    {
        var (offers, _) = Stores();
        var brand = BrandId.New();
        Assert.Equal(OfferWriteStatus.Saved, (await offers.CreateAsync(NewOffer(brand, "Kept"), Ct)).Status);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(OfferWriteStatus.NameTaken, (await offers.CreateAsync(NewOffer(brand, "KEPT"), Ct)).Status);
    }

    [Fact]
    public async Task ReplaceAsync_WhenARenameCrashedBeforeReleasingTheOldName_ShouldLeaveTheOfferUsableAndTheOldNameReclaimable()
    {
        var (offers, names) = Stores();
        var brand = BrandId.New();
        var created = (await offers.CreateAsync(NewOffer(brand, "Before"), Ct)).Offer!;
        // A rename that wrote the offer but crashed before releasing "BEFORE": the old claim still names this offer.
        var renamed = created.Value.Update(Definition("After"), _time.GetUtcNow()).Offer;
        var saved = await offers.ReplaceAsync(created, renamed, Ct);
        await names.UpsertAsync(Keys.Brand(brand), RowKeys.Hashed("BEFORE"), new OfferStore.OfferNameClaim(created.Value.Id.Value, "BEFORE", _time.GetUtcNow()), Ct);

        var paused = saved.Offer!.Value.Pause(_time.GetUtcNow()).Offer;
        Assert.Equal(OfferWriteStatus.Saved, (await offers.ReplaceAsync(saved.Offer, paused, Ct)).Status);
        _time.Advance(OfferStore.ClaimGracePeriod + TimeSpan.FromSeconds(1));
        Assert.Equal(OfferWriteStatus.Saved, (await offers.CreateAsync(NewOffer(brand, "Before"), Ct)).Status);
    }

    private (OfferStore Offers, DocumentTable<OfferStore.OfferNameClaim> Names) Stores()
    {
        var storage = stack.Services.GetRequiredService<StorageClients>();
        return (new OfferStore(storage, _time), new DocumentTable<OfferStore.OfferNameClaim>(storage.Table(TableNames.OfferNames)));
    }

    private Offer NewOffer(BrandId brand, string name) => Offer.Create(OfferId.New(), brand, Definition(name), _time.GetUtcNow());

    private static OfferDefinition Definition(string name) => new(
        name,
        null,
        [new PayoutOption("Standard", PayoutType.Cpa, new Money(5, "USD"), null, true)],
        "Group",
        NamingStrategy.Default,
        new Discount(DiscountType.Percentage, 10, "USD", false),
        PurchaseRestrictions.None,
        null,
        30);
}
