using System.Text.Json.Nodes;
using PromoServerless.Infra.Shopify;
using PromoServerless.ShopifySimulator;

namespace PromoServerless.Contract.Tests.Shopify;

/// <summary>Every document the client sends, with the variables it really sends, fits Shopify's 2026-01 Admin schema.</summary>
public sealed class GraphQLDocumentContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> SentRequests()
    {
        var data = new TheoryData<string, string>();
        void Add(string document, JsonObject variables) => data.Add(document, variables.ToJsonString());

        Add(GraphQLDocuments.DiscountCodeBasicCreate, ShopifyVariables.CreateDiscount(new DiscountCodeSpec(
            "Spring creators", "JOHN10", Start, Start.AddDays(30), new PercentageOff(10), DiscountItems.All,
            new MinimumSubtotal(25.50m), PurchaseType.Both, new DiscountCombinations(OrderDiscounts: true), AppliesOncePerCustomer: true, UsageLimit: 100)));
        Add(GraphQLDocuments.DiscountCodeBasicCreate, ShopifyVariables.CreateDiscount(new DiscountCodeSpec(
            "Fixed off", "JANE5", Start, null, new FixedAmountOff(5m, AppliesOnEachItem: true),
            new CollectionItems(["gid://shopify/Collection/1"]), new MinimumQuantity(2), PurchaseType.Subscription)));
        Add(GraphQLDocuments.DiscountCodeBasicCreate, ShopifyVariables.CreateDiscount(new DiscountCodeSpec(
            "Products", "MAX15", Start, null, new PercentageOff(15),
            new ProductItems(["gid://shopify/Product/1"], ["gid://shopify/ProductVariant/2"]))));
        Add(GraphQLDocuments.DiscountCodeBasicUpdate, ShopifyVariables.UpdateDiscountDates("gid://shopify/DiscountCodeNode/1", Start, null));
        Add(GraphQLDocuments.DiscountCodeBasicUpdate, ShopifyVariables.UpdateDiscountDates("gid://shopify/DiscountCodeNode/1", Start, Start.AddDays(1)));
        Add(GraphQLDocuments.DiscountCodeActivate, ShopifyVariables.ById("gid://shopify/DiscountCodeNode/1"));
        Add(GraphQLDocuments.DiscountCodeDeactivate, ShopifyVariables.ById("gid://shopify/DiscountCodeNode/1"));
        Add(GraphQLDocuments.DiscountRedeemCodeBulkAdd, ShopifyVariables.BulkAdd("gid://shopify/DiscountCodeNode/1", ["A1", "B2"]));
        Add(GraphQLDocuments.DiscountRedeemCodeBulkCreationStatus, ShopifyVariables.ById("gid://shopify/DiscountRedeemCodeBulkCreation/1"));
        Add(GraphQLDocuments.DiscountRedeemCodeBulkCreationCodes, ShopifyVariables.BulkCreationCodes("gid://shopify/DiscountRedeemCodeBulkCreation/1", null));
        Add(GraphQLDocuments.DiscountRedeemCodeBulkCreationCodes, ShopifyVariables.BulkCreationCodes("gid://shopify/DiscountRedeemCodeBulkCreation/1", "cursor"));
        Add(GraphQLDocuments.CodeDiscountNodeByCode, ShopifyVariables.CodeLookup("JOHN10"));
        Add(GraphQLDocuments.CodeDiscountNode, ShopifyVariables.ById("gid://shopify/DiscountCodeNode/1"));
        Add(GraphQLDocuments.DiscountRedeemCodesByCode, ShopifyVariables.RedeemCodesByCode("gid://shopify/DiscountCodeNode/1", "JOHN10"));
        Add(GraphQLDocuments.DiscountCodeRedeemCodeBulkDelete, ShopifyVariables.DeleteRedeemCodes("gid://shopify/DiscountCodeNode/1", ["gid://shopify/DiscountRedeemCode/9"]));
        Add(GraphQLDocuments.OrdersWithDiscountCodes, ShopifyVariables.OrdersUpdatedSince(Start, 25, null));
        Add(GraphQLDocuments.OrdersForReconciliation, ShopifyVariables.OrdersUpdatedSince(Start, 25, "cursor"));
        Add(GraphQLDocuments.ProductCollections, ShopifyVariables.ProductIds(["gid://shopify/Product/7001", "gid://shopify/Product/7002"]));
        return data;
    }

    [Theory]
    [MemberData(nameof(SentRequests))]
    public void Document_WhenSentWithTheClientsVariables_ShouldValidateAgainstTheSchema(string document, string variablesJson)
    {
        var errors = ShopifySchemaValidator.Validate(GraphQLDocuments.Get(document), variablesJson, document);

        Assert.Empty(errors);
    }

    [Fact]
    public void Documents_WhenListed_ShouldAllBeCoveredBySentRequests()
    {
        var covered = SentRequests().Select(row => row.Data.Item1).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(GraphQLDocuments.Names);
        Assert.All(GraphQLDocuments.Names, name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Fragments_WhenListed_ShouldEachBeSentByADocument()
    {
        var sent = GraphQLDocuments.Names.Select(GraphQLDocuments.Get).ToArray();

        Assert.NotEmpty(GraphQLDocuments.FragmentNames);
        Assert.All(GraphQLDocuments.FragmentNames, name => Assert.Contains(sent, text => text.Contains($"fragment {name} on ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Document_WhenItSpreadsFragments_ShouldCarryEachOnceAndNoOther()
    {
        var text = GraphQLDocuments.Get(GraphQLDocuments.DiscountCodeBasicCreate);

        Assert.Equal(1, CountOf(text, "fragment CodeDiscountNodeFields on DiscountCodeNode"));
        Assert.Equal(1, CountOf(text, "fragment DiscountUserErrorFields on DiscountUserError"));
        Assert.Equal(0, CountOf(text, "fragment ShopMoneyFields"));
        Assert.Equal(1, CountOf(GraphQLDocuments.Get(GraphQLDocuments.OrdersWithDiscountCodes), "fragment ShopMoneyFields on MoneyBag"));
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void Document_WhenItSelectsAFieldTheSchemaLacks_ShouldFailValidation()
    {
        const string query = "query Lookup($code: String!) { codeDiscountNodeByCode(code: $code) { id notAField } }";

        var errors = ShopifySchemaValidator.Validate(query, """{"code":"X"}""", "Lookup");

        Assert.Contains(errors, e => e.Message.Contains("notAField", StringComparison.Ordinal));
    }

    [Fact]
    public void Document_WhenSentWithTheRetiredCustomerSelection_ShouldFailValidation()
    {
        var variables = ShopifyVariables.CreateDiscount(new DiscountCodeSpec("T", "C1", Start, null, new PercentageOff(10), DiscountItems.All));
        variables["basicCodeDiscount"]!["customerSelection"] = new JsonObject { ["all"] = true };
        variables["basicCodeDiscount"]!.AsObject().Remove("context");

        var errors = ShopifySchemaValidator.Validate(GraphQLDocuments.Get(GraphQLDocuments.DiscountCodeBasicCreate), variables.ToJsonString());

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Variables_WhenAPercentageIsMapped_ShouldBeSentAsAFraction()
    {
        var variables = ShopifyVariables.CreateDiscount(new DiscountCodeSpec("T", "C1", Start, null, new PercentageOff(10), DiscountItems.All));

        Assert.Equal(0.1, variables["basicCodeDiscount"]!["customerGets"]!["value"]!["percentage"]!.GetValue<double>(), 6);
        Assert.Equal("ALL", variables["basicCodeDiscount"]!["context"]!["all"]!.GetValue<string>());
    }

    [Fact]
    public void Variables_WhenMoreThan250CodesAreAdded_ShouldBeRefused()
    {
        var codes = Enumerable.Range(0, 251).Select(i => $"C{i}").ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => ShopifyVariables.BulkAdd("gid://shopify/DiscountCodeNode/1", codes));
    }
}
