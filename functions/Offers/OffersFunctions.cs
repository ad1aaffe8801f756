using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Offers;

/// <summary>The offers HTTP functions; each runs the API operation of its name.</summary>
public static class OffersFunctions
{
    [Function(nameof(CreateOffer))]
    public static IActionResult CreateOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers")] HttpRequest request) =>
        new ApiOperation(nameof(CreateOffer));

    [Function(nameof(ListOffers))]
    public static IActionResult ListOffers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers")] HttpRequest request) =>
        new ApiOperation(nameof(ListOffers));

    [Function(nameof(GetOffer))]
    public static IActionResult GetOffer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetOffer));

    [Function(nameof(ReplaceOffer))]
    public static IActionResult ReplaceOffer([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/offers/{offerId}")] HttpRequest request) =>
        new ApiOperation(nameof(ReplaceOffer));

    [Function(nameof(PauseOffer))]
    public static IActionResult PauseOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/pause")] HttpRequest request) =>
        new ApiOperation(nameof(PauseOffer));

    [Function(nameof(ResumeOffer))]
    public static IActionResult ResumeOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/resume")] HttpRequest request) =>
        new ApiOperation(nameof(ResumeOffer));

    [Function(nameof(ArchiveOffer))]
    public static IActionResult ArchiveOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/archive")] HttpRequest request) =>
        new ApiOperation(nameof(ArchiveOffer));

    [Function(nameof(PreviewNaming))]
    public static IActionResult PreviewNaming([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/naming-preview")] HttpRequest request) =>
        new ApiOperation(nameof(PreviewNaming));

    [Function(nameof(ListEligibleMembers))]
    public static IActionResult ListEligibleMembers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/eligible-members")] HttpRequest request) =>
        new ApiOperation(nameof(ListEligibleMembers));
}
