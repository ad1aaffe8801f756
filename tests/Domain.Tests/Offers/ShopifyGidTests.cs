using PromoServerless.Domain.Offers;

namespace PromoServerless.Domain.Tests.Offers;

public class ShopifyGidTests
{
    [Theory]
    [InlineData("gid://shopify/Product/123", "Product", true)]
    [InlineData("gid://shopify/Collection/98765432101", "Collection", true)]
    [InlineData("gid://shopify/Product/123", "Collection", false)]
    [InlineData("gid://shopify/product/123", "Product", false)]
    [InlineData("gid://shopify/Product/", "Product", false)]
    [InlineData("gid://shopify/Product/12a", "Product", false)]
    [InlineData("gid://shopify/Product/0123", "Product", false)]
    [InlineData("gid://shopify/Product/123/456", "Product", false)]
    [InlineData("123", "Product", false)]
    [InlineData(null, "Product", false)]
    public void IsValid_WhenChecked_ShouldAcceptOnlyTheResourceWithNumericId(string? value, string resource, bool expected)
    {
        Assert.Equal(expected, ShopifyGid.IsValid(value, resource));
    }
}
