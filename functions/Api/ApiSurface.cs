using PromoServerless.Functions.Brands;
using PromoServerless.Functions.Codes;
using PromoServerless.Functions.Emails;
using PromoServerless.Functions.Health;
using PromoServerless.Functions.Members;
using PromoServerless.Functions.Offers;
using PromoServerless.Functions.Projects;
using PromoServerless.Functions.Sales;
using PromoServerless.Functions.Webhooks;

namespace PromoServerless.Functions.Api;

/// <summary>Every API operation, mapped onto one route builder. Each is served by the HTTP function of the same name.</summary>
public static class ApiSurface
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthApi();
        app.MapBrandsApi();
        app.MapCodeBatchesApi();
        app.MapCodesApi();
        app.MapCodeOperationsApi();
        app.MapOffersApi();
        app.MapMembersApi();
        app.MapProjectsApi();
        app.MapEmailsApi();
        app.MapSalesApis();
        app.MapWebhooksApi();
        app.MapApiDocuments();
    }
}
