using PromoServerless.Domain.Offers;
using PromoServerless.Domain.Tests.Support;

namespace PromoServerless.Domain.Tests.Offers;

public class RestrictionsValidationTests
{
    private static string[] Fields(RestrictionsDraft restrictions) =>
        OfferValidator.Validate(Drafts.Offer() with { Restrictions = restrictions }, "CAD").Errors.Select(e => e.Field).ToArray();

    private static PurchaseRestrictions Valid(RestrictionsDraft restrictions) =>
        OfferValidator.Validate(Drafts.Offer() with { Restrictions = restrictions }, "CAD").Value.Restrictions;

    [Fact]
    public void Validate_WhenEmpty_ShouldDefaultToOneTimeNoCombinationsNoMinimum()
    {
        var restrictions = Valid(new RestrictionsDraft());

        Assert.Equal(PurchaseType.OneTime, restrictions.PurchaseType);
        Assert.Equal(new CombinesWith(false, false, false), restrictions.CombinesWith);
        Assert.Null(restrictions.MinimumSubtotal);
        Assert.Null(restrictions.MinimumQuantity);
        Assert.False(restrictions.OncePerCustomer);
        Assert.Empty(restrictions.EntitledCollectionIds);
    }

    [Fact]
    public void Validate_WhenMinimumSubtotal_ShouldBeMoneyInShopCurrency()
    {
        var restrictions = Valid(new RestrictionsDraft { MinimumSubtotal = 50m });

        Assert.Equal(new PromoServerless.Domain.Common.Money(50m, "CAD"), restrictions.MinimumSubtotal);
    }

    [Fact]
    public void Validate_WhenBothMinimums_ShouldRefuse()
    {
        Assert.Equal(["restrictions"], Fields(new RestrictionsDraft { MinimumSubtotal = 50m, MinimumQuantity = 2 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(0.001)]
    public void Validate_WhenMinimumSubtotalNotPositiveMoney_ShouldFailOnIt(double subtotal)
    {
        Assert.Equal(["restrictions.minimumSubtotal"], Fields(new RestrictionsDraft { MinimumSubtotal = (decimal)subtotal }));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(12, true)]
    public void Validate_WhenMinimumQuantity_ShouldBeAtLeastOne(int quantity, bool valid)
    {
        Assert.Equal(valid ? [] : ["restrictions.minimumQuantity"], Fields(new RestrictionsDraft { MinimumQuantity = quantity }));
    }

    [Fact]
    public void Validate_WhenCollectionIdsValid_ShouldKeepThemInOrder()
    {
        var restrictions = Valid(new RestrictionsDraft { EntitledCollectionIds = ["gid://shopify/Collection/2", " gid://shopify/Collection/1 "] });

        Assert.Equal(["gid://shopify/Collection/2", "gid://shopify/Collection/1"], restrictions.EntitledCollectionIds);
    }

    [Fact]
    public void Validate_WhenProductIdMalformed_ShouldFailAtItsIndex()
    {
        var fields = Fields(new RestrictionsDraft { EntitledProductIds = ["gid://shopify/Product/1", "gid://shopify/Collection/2", null] });

        Assert.Equal(["restrictions.entitledProductIds[1]", "restrictions.entitledProductIds[2]"], fields);
    }

    [Fact]
    public void Validate_WhenIdListedTwice_ShouldFailOnTheRepeat()
    {
        var errors = OfferValidator.Validate(
            Drafts.Offer() with { Restrictions = new RestrictionsDraft { EntitledCollectionIds = ["gid://shopify/Collection/7", "gid://shopify/Collection/7"] } },
            "CAD").Errors;

        var error = Assert.Single(errors);
        Assert.Equal("restrictions.entitledCollectionIds[1]", error.Field);
        Assert.Contains("index 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validate_WhenManyIds_ShouldAllowAtMostHundred(int count, bool valid)
    {
        var ids = Enumerable.Range(1, count).Select(i => (string?)$"gid://shopify/Product/{i}").ToArray();

        Assert.Equal(valid ? [] : ["restrictions.entitledProductIds"], Fields(new RestrictionsDraft { EntitledProductIds = ids }));
    }

    [Fact]
    public void Validate_WhenBothCollectionsAndProducts_ShouldRefuse()
    {
        var draft = new RestrictionsDraft { EntitledCollectionIds = ["gid://shopify/Collection/1"], EntitledProductIds = ["gid://shopify/Product/1"] };

        Assert.Equal(["restrictions"], Fields(draft));
    }

    [Theory]
    [InlineData("oneTime", PurchaseType.OneTime)]
    [InlineData("subscription", PurchaseType.Subscription)]
    [InlineData("BOTH", PurchaseType.Both)]
    [InlineData("one-time", PurchaseType.OneTime)]
    public void Validate_WhenPurchaseTypeGiven_ShouldParse(string text, PurchaseType expected)
    {
        Assert.Equal(expected, Valid(new RestrictionsDraft { PurchaseType = text }).PurchaseType);
    }

    [Fact]
    public void Validate_WhenPurchaseTypeUnknown_ShouldFail()
    {
        Assert.Equal(["restrictions.purchaseType"], Fields(new RestrictionsDraft { PurchaseType = "gift" }));
    }

    [Fact]
    public void Validate_WhenCombinationsAndOncePerCustomerSet_ShouldKeepThem()
    {
        var restrictions = Valid(new RestrictionsDraft
        {
            CombinesWith = new CombinesWithDraft { ShippingDiscounts = true, OrderDiscounts = false },
            OncePerCustomer = true,
        });

        Assert.Equal(new CombinesWith(false, false, true), restrictions.CombinesWith);
        Assert.True(restrictions.OncePerCustomer);
    }
}
