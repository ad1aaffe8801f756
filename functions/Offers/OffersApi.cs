using Microsoft.Azure.Functions.Worker;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Offers;

[ApiArea("Offers")]
public static class OffersApi
{
    private const int MaxStatusChangeAttempts = 3;

    [Function(nameof(CreateOffer)), RequireScope(ApiScopes.OffersWrite), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Create an offer.")]
    [EndpointDescription("Answers 201 with the offer, its Location and ETag. Every invalid field is reported at once and nothing is written; a name already used by another offer of the brand (ignoring case) gives 409.")]
    public static async Task<Results<Created<OfferResponse>, ValidationProblem, ProblemHttpResult>> CreateOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers")] HttpRequest request,
        OfferDraft draft, CurrentBrand current, BrandStore brands, OfferStore offers, ProjectStore projects, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        return await WithCheckedDraftAsync<Created<OfferResponse>>(draft, current, brands, projects, time, async definition =>
        {
            var offer = Offer.Create(OfferId.New(), current.Id, definition, time.GetUtcNow());
            var write = await offers.CreateAsync(offer, cancellationToken);
            if (write.Status == OfferWriteStatus.NameTaken)
            {
                return NameTaken(offer.Definition.Name);
            }

            response.Headers.ETag = EntityTags.ToHeader(write.Offer!.ETag);
            return TypedResults.Created($"/api/v1/offers/{offer.Id}", OfferResponse.From(offer));
        }, cancellationToken);
    }

    [Function(nameof(ListOffers)), RequireScope(ApiScopes.OffersRead)]
    [EndpointSummary("List the brand's offers, oldest first, optionally by status.")]
    public static async Task<Results<Ok<PagedResponse<OfferResponse>>, ValidationProblem>> ListOffers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers")] HttpRequest request,
        CurrentBrand current, OfferStore offers, string? status, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        OfferStatus? wanted = null;
        if (status is not null)
        {
            if (!StatusText.TryParse(status, out OfferStatus parsed))
            {
                return ApiProblems.Validation("status", "Use active, paused, expired or archived.");
            }

            wanted = parsed;
        }

        var page = await offers.ListAsync(current.Id, wanted, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<OfferResponse>(page.Items.Select(s => OfferResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    [Function(nameof(GetOffer)), RequireScope(ApiScopes.OffersRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Read an offer; the ETag header is what PUT and the status changes take in If-Match.")]
    public static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> GetOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}")] HttpRequest request,
        string offerId, CurrentBrand current, OfferStore offers, HttpResponse response, CancellationToken cancellationToken)
    {
        var stored = Ids.IsWellFormed(offerId) ? await offers.GetAsync(current.Id, new OfferId(offerId), cancellationToken) : null;
        if (stored is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        return WithETag(response, stored);
    }

    [Function(nameof(ReplaceOffer)), RequireScope(ApiScopes.OffersWrite)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status412PreconditionFailed), ProducesProblem(StatusCodes.Status428PreconditionRequired)]
    [EndpointSummary("Replace an offer's settings (the same body as create); its status is kept.")]
    [EndpointDescription("If-Match is required (428 without it, 412 when stale). A name used by another offer gives 409, as does changing an archived offer.")]
    public static async Task<Results<Ok<OfferResponse>, ValidationProblem, ProblemHttpResult>> ReplaceOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/offers/{offerId}")] HttpRequest request,
        string offerId,
        OfferDraft draft,
        CurrentBrand current,
        BrandStore brands,
        OfferStore offers,
        ProjectStore projects,
        HttpResponse response,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId))
        {
            return ApiProblems.NotFound("The offer");
        }

        var ifMatch = EntityTags.ReadIfMatch(request);
        if (!ifMatch.IsPresent)
        {
            return ApiProblems.PreconditionRequired();
        }

        return await WithCheckedDraftAsync<Ok<OfferResponse>>(draft, current, brands, projects, time, async definition =>
        {
            var stored = await offers.GetAsync(current.Id, new OfferId(offerId), cancellationToken);
            if (stored is null)
            {
                return ApiProblems.NotFound("The offer");
            }

            if (!ifMatch.Matches(stored.ETag))
            {
                return ApiProblems.PreconditionFailed();
            }

            var change = stored.Value.Update(definition, time.GetUtcNow());
            if (change.IsRefused)
            {
                return ApiProblems.Conflict("The offer cannot be changed.", change.Reason);
            }

            var write = await offers.ReplaceAsync(stored, change.Offer, cancellationToken);
            return write.Status switch
            {
                OfferWriteStatus.Saved => WithETag(response, write.Offer!),
                OfferWriteStatus.NameTaken => NameTaken(change.Offer.Definition.Name),
                OfferWriteStatus.NotFound => ApiProblems.NotFound("The offer"),
                _ => ApiProblems.PreconditionFailed(),
            };
        }, cancellationToken);
    }

    [Function(nameof(PreviewNaming)), RequireScope(ApiScopes.OffersRead)]
    [EndpointSummary("Show the codes a naming strategy would give sample members, collisions included. Writes nothing.")]
    public static Results<Ok<NamingPreviewResponse>, ValidationProblem> PreviewNaming(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/naming-preview")] HttpRequest request, NamingPreviewRequest preview)
    {
        var naming = NamingPreview.Run(preview, CryptoRandomSource.Instance);
        return naming.IsValid ? TypedResults.Ok(new NamingPreviewResponse(naming.Value)) : ApiProblems.Validation(naming.Errors);
    }

    private const string StatusChangeNote = "If-Match is optional here; when sent, a stale ETag gives 412. A change the offer's status does not allow gives 409 with the reason.";

    [Function(nameof(PauseOffer)), RequireScope(ApiScopes.OffersWrite)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    [EndpointSummary("Pause an offer: it stops taking new codes. Pausing a paused offer changes nothing."), EndpointDescription(StatusChangeNote)]
    public static Task<Results<Ok<OfferResponse>, ProblemHttpResult>> PauseOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/pause")] HttpRequest request,
        string offerId, CurrentBrand current, OfferStore offers, TimeProvider time, HttpResponse response, CancellationToken cancellationToken) =>
        ChangeStatus(offerId, (o, now) => o.Pause(now), current, offers, time, request, response, cancellationToken);

    [Function(nameof(ResumeOffer)), RequireScope(ApiScopes.OffersWrite)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    [EndpointSummary("Resume a paused or expired offer. Resuming an active offer changes nothing."), EndpointDescription(StatusChangeNote)]
    public static Task<Results<Ok<OfferResponse>, ProblemHttpResult>> ResumeOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/resume")] HttpRequest request,
        string offerId, CurrentBrand current, OfferStore offers, TimeProvider time, HttpResponse response, CancellationToken cancellationToken) =>
        ChangeStatus(offerId, (o, now) => o.Resume(now), current, offers, time, request, response, cancellationToken);

    [Function(nameof(ArchiveOffer)), RequireScope(ApiScopes.OffersWrite)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status412PreconditionFailed)]
    [EndpointSummary("Archive an offer. Final: an archived offer cannot be resumed or changed."), EndpointDescription(StatusChangeNote)]
    public static Task<Results<Ok<OfferResponse>, ProblemHttpResult>> ArchiveOffer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/{offerId}/archive")] HttpRequest request,
        string offerId, CurrentBrand current, OfferStore offers, TimeProvider time, HttpResponse response, CancellationToken cancellationToken) =>
        ChangeStatus(offerId, (o, now) => o.Archive(now), current, offers, time, request, response, cancellationToken);

    /// <summary>Applies a status change; without If-Match a concurrent write is retried on a fresh read, since the change does not depend on other fields.</summary>
    private static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> ChangeStatus(
        string offerId,
        Func<Offer, DateTimeOffset, OfferChange> change,
        CurrentBrand current,
        OfferStore offers,
        TimeProvider time,
        HttpRequest request,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId))
        {
            return ApiProblems.NotFound("The offer");
        }

        var ifMatch = EntityTags.ReadIfMatch(request);
        ProblemHttpResult? refusal = null;
        var update = await ETagUpdates.RunAsync<Stored<Offer>?, Offer>(
            MaxStatusChangeAttempts,
            ct => offers.GetAsync(current.Id, new OfferId(offerId), ct),
            stored =>
            {
                if (stored is null)
                {
                    refusal = ApiProblems.NotFound("The offer");
                    return ETagDecision<Offer>.Stop;
                }

                // With If-Match the client decides on a conflict: a write that lost the race comes back here and stops.
                if (ifMatch.IsPresent && !ifMatch.Matches(stored.ETag))
                {
                    refusal = ApiProblems.PreconditionFailed();
                    return ETagDecision<Offer>.Stop;
                }

                var result = change(stored.Value, time.GetUtcNow());
                if (result.IsRefused)
                {
                    refusal = ApiProblems.Conflict("The offer's status does not allow this.", result.Reason);
                    return ETagDecision<Offer>.Stop;
                }

                return result.Outcome == OfferChangeOutcome.Unchanged ? ETagDecision<Offer>.Keep : ETagDecision<Offer>.Write(result.Offer);
            },
            async (stored, changed, ct) => (await offers.ReplaceAsync(stored!, changed, ct)).ToWriteResult(),
            cancellationToken);

        return update.Status switch
        {
            ETagUpdateStatus.Written => WithETag(response, update.Read! with { Value = update.Written!, ETag = update.ETag! }),
            ETagUpdateStatus.Kept => WithETag(response, update.Read!),
            ETagUpdateStatus.Stopped => refusal!,
            _ => ApiProblems.Conflict("The offer kept changing; try again."),
        };
    }

    private static Ok<OfferResponse> WithETag(HttpResponse response, Stored<Offer> stored)
    {
        response.Headers.ETag = EntityTags.ToHeader(stored.ETag);
        return TypedResults.Ok(OfferResponse.From(stored.Value));
    }

    private static ProblemHttpResult NameTaken(string name) =>
        ApiProblems.Conflict("Another offer already has this name.", $"The brand already has an offer named \"{name}\" (names are compared ignoring case). Choose another name.");

    /// <summary>The draft checked as an offer of this brand (its currency, its own projects) and handed to <paramref name="use"/>; or the answer refusing it.</summary>
    private static async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> WithCheckedDraftAsync<TOk>(
        OfferDraft draft,
        CurrentBrand current,
        BrandStore brands,
        ProjectStore projects,
        TimeProvider time,
        Func<OfferDefinition, Task<Results<TOk, ValidationProblem, ProblemHttpResult>>> use,
        CancellationToken cancellationToken)
        where TOk : IResult
    {
        var brand = await brands.GetAsync(current.Id, cancellationToken);
        if (brand is null)
        {
            return ApiProblems.NotFound("The brand");
        }

        var validated = OfferValidator.Validate(draft, brand.Currency, time.GetUtcNow());
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        if (await StageTriggerProjects.FindUnknownAsync(current.Id, validated.Value, projects, cancellationToken) is { Count: > 0 } unknownProjects)
        {
            return ApiProblems.Validation(unknownProjects);
        }

        return await use(validated.Value);
    }
}

/// <summary>The codes the sample members would get, in the order sent.</summary>
public sealed record NamingPreviewResponse(IReadOnlyList<NamingPreviewItem> Items);

/// <summary>Reads an enum from a query string by name, ignoring case; numbers are refused.</summary>
public static class StatusText
{
    public static bool TryParse<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !text.Trim().All(c => char.IsAsciiDigit(c) || c == '-');
}
