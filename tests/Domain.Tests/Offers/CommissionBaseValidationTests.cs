using PromoServerless.Domain.Common;
using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Sales;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public sealed class CommissionBaseValidationTests
{
    private static Validated<OfferDefinition> Validate(CommissionBaseDraft? commissionBase) =>
        OfferValidator.Validate(Drafts.Offer() with { CommissionBase = commissionBase }, "USD");

    private static string[] Fields(CommissionBaseDraft commissionBase) => Validate(commissionBase).Errors.Select(e => e.Field).ToArray();

    [Fact]
    public void Validate_WhenAbsent_ShouldUseTheSubtotalAfterDiscounts()
    {
        var rules = Validate(null).Value.CommissionBase;

        Assert.Same(CommissionBaseRules.Default, rules);
        Assert.False(rules.IncludeShipping);
        Assert.False(rules.IncludeTaxes);
    }

    [Fact]
    public void Validate_WhenEmpty_ShouldIncludeNeitherShippingNorTaxesAndExcludeNothing()
    {
        var rules = Validate(new CommissionBaseDraft()).Value.CommissionBase;

        Assert.False(rules.IncludeShipping);
        Assert.False(rules.IncludeTaxes);
        Assert.Empty(rules.ExcludedProductIds!);
        Assert.Empty(rules.ExcludedCollectionIds!);
    }

    [Fact]
    public void Validate_WhenIdsArePlainNumbers_ShouldKeepThemAsGids()
    {
        var rules = Validate(new CommissionBaseDraft
        {
            IncludeShipping = true,
            ExcludedProductIds = ["123", " gid://shopify/Product/456 "],
            ExcludedCollectionIds = ["789"],
        }).Value.CommissionBase;

        Assert.True(rules.IncludeShipping);
        Assert.Equal(["gid://shopify/Product/123", "gid://shopify/Product/456"], rules.ExcludedProductIds!);
        Assert.Equal(["gid://shopify/Collection/789"], rules.ExcludedCollectionIds!);
    }

    [Theory]
    [InlineData("gid://shopify/Collection/1")]
    [InlineData("gid://shopify/Product/")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_WhenAProductIdIsNoProduct_ShouldNameItsIndex(string? id)
    {
        Assert.Equal(["commissionBase.excludedProductIds[1]"], Fields(new CommissionBaseDraft { ExcludedProductIds = ["1", id] }));
    }

    [Fact]
    public void Validate_WhenACollectionIdIsAProduct_ShouldNameItsIndex()
    {
        Assert.Equal(["commissionBase.excludedCollectionIds[0]"], Fields(new CommissionBaseDraft { ExcludedCollectionIds = ["gid://shopify/Product/1"] }));
    }

    [Fact]
    public void Validate_WhenTheSameIdIsListedTwiceInEitherForm_ShouldNameTheSecond()
    {
        Assert.Equal(["commissionBase.excludedProductIds[3]"], Fields(new CommissionBaseDraft { ExcludedProductIds = ["1", "2", "3", "gid://shopify/Product/2"] }));
    }

    [Fact]
    public void Validate_WhenMoreThan250Ids_ShouldRefuseTheList()
    {
        var ids = Enumerable.Range(1, 251).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(["commissionBase.excludedCollectionIds"], Fields(new CommissionBaseDraft { ExcludedCollectionIds = ids }));
        Assert.True(Validate(new CommissionBaseDraft { ExcludedCollectionIds = ids[..250] }).IsValid);
    }
}
