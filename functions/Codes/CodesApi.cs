using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Codes;

[ApiArea("Codes")]
public static class CodesApi
{
    [Function(nameof(ListCodes)), RequireScope(ApiScopes.CodesRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Members' codes in the offer, optionally by status (paged).")]
    public static async Task<Results<Ok<PagedResponse<PromoCodeResponse>>, ValidationProblem, ProblemHttpResult>> ListCodes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/codes")] HttpRequest request,
        string offerId, PromoCodeStatus? status, int? pageSize, string? continuationToken, CurrentBrand brand, OfferStore offers, PromoCodeStore codes, TimeProvider time, CancellationToken cancellationToken)
    {
        var offer = Ids.IsWellFormed(offerId) ? await offers.GetAsync(brand.Id, new OfferId(offerId), cancellationToken) : null;
        if (offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var page = await codes.GetPageAsync(brand.Id, offer.Value.Id, status, Paging.Size(pageSize), continuationToken, cancellationToken);
        // Shown as of now even if the minute timer has not stored the change yet.
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PagedResponse<PromoCodeResponse>(page.Items.Select(c => PromoCodeResponse.From(c.Value.RefreshByDate(now))).ToArray(), page.ContinuationToken));
    }
}
