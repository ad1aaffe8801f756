using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Naming;
using PromoServerless.Domain.Offers;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Offers;

public static class OffersApi
{
    private const int MaxStatusChangeAttempts = 3;

    public static RouteGroupBuilder MapOffersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapKeyedApiGroup("/offers", "Offers");

        group.MapPost("/", CreateOffer).WithName("CreateOffer").RequireScope(ApiScopes.OffersWrite)
            .WithSummary("Create an offer.")
            .WithDescription("Answers 201 with the offer, its Location and ETag. Every invalid field is reported at once and nothing is written; a name already used by another offer of the brand (ignoring case) gives 409.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListOffers).WithName("ListOffers").RequireScope(ApiScopes.OffersRead)
            .WithSummary("List the brand's offers, oldest first, optionally by status.");
        group.MapGet("/{offerId}", GetOffer).WithName("GetOffer").RequireScope(ApiScopes.OffersRead)
            .WithSummary("Read an offer; the ETag header is what PUT and the status changes take in If-Match.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{offerId}", ReplaceOffer).WithName("ReplaceOffer").RequireScope(ApiScopes.OffersWrite)
            .WithSummary("Replace an offer's settings (the same body as create); its status is kept.")
            .WithDescription("If-Match is required (428 without it, 412 when stale). A name used by another offer gives 409, as does changing an archived offer.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        MapStatusChange(group, "pause", "Pause an offer: it stops taking new codes. Pausing a paused offer changes nothing.", (o, now) => o.Pause(now));
        MapStatusChange(group, "resume", "Resume a paused or expired offer. Resuming an active offer changes nothing.", (o, now) => o.Resume(now));
        MapStatusChange(group, "archive", "Archive an offer. Final: an archived offer cannot be resumed or changed.", (o, now) => o.Archive(now));
        group.MapPost("/naming-preview", PreviewNaming).WithName("PreviewNaming").RequireScope(ApiScopes.OffersRead)
            .WithSummary("Show the codes a naming strategy would give sample members, collisions included. Writes nothing.");
        group.MapGet("/{offerId}/eligible-members", EligibleMembersEndpoint.GetEligibleMembers).WithName("ListEligibleMembers")
            .RequireScope(ApiScopes.OffersRead).RequireScope(ApiScopes.MembersRead)
            .WithSummary("Members of the given projects without a code in this offer, each with the code the naming strategy proposes.")
            .WithDescription($"Pass projectId once per project. Members are listed once, in project order; the answer holds at most {EligibleMembersEndpoint.MaxItems:N0} of them (truncated tells when there are more), all planned together so their proposed codes never clash.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Created<OfferResponse>, ValidationProblem, ProblemHttpResult>> CreateOffer(
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

    public static async Task<Results<Ok<PagedResponse<OfferResponse>>, ValidationProblem>> ListOffers(
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

    public static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> GetOffer(
        string offerId, CurrentBrand current, OfferStore offers, HttpResponse response, CancellationToken cancellationToken)
    {
        var stored = Ids.IsWellFormed(offerId) ? await offers.GetAsync(current.Id, new OfferId(offerId), cancellationToken) : null;
        if (stored is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        return WithETag(response, stored);
    }

    public static async Task<Results<Ok<OfferResponse>, ValidationProblem, ProblemHttpResult>> ReplaceOffer(
        string offerId,
        OfferDraft draft,
        CurrentBrand current,
        BrandStore brands,
        OfferStore offers,
        ProjectStore projects,
        HttpRequest request,
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

    public static Results<Ok<NamingPreviewResponse>, ValidationProblem> PreviewNaming(NamingPreviewRequest request)
    {
        var preview = NamingPreview.Run(request, CryptoRandomSource.Instance);
        return preview.IsValid ? TypedResults.Ok(new NamingPreviewResponse(preview.Value)) : ApiProblems.Validation(preview.Errors);
    }

    private static void MapStatusChange(RouteGroupBuilder group, string action, string summary, Func<Offer, DateTimeOffset, OfferChange> change)
    {
        group.MapPost($"/{{offerId}}/{action}", (string offerId, CurrentBrand current, OfferStore offers, TimeProvider time, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
                ChangeStatus(offerId, change, current, offers, time, request, response, cancellationToken))
            .RequireScope(ApiScopes.OffersWrite)
            .WithName($"{char.ToUpperInvariant(action[0])}{action[1..]}Offer")
            .WithSummary(summary)
            .WithDescription("If-Match is optional here; when sent, a stale ETag gives 412. A change the offer's status does not allow gives 409 with the reason.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    /// <summary>Applies a status change; without If-Match a concurrent write is retried on a fresh read, since the change does not depend on other fields.</summary>
    public static async Task<Results<Ok<OfferResponse>, ProblemHttpResult>> ChangeStatus(
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
        for (var attempt = 0; attempt < MaxStatusChangeAttempts; attempt++)
        {
            var stored = await offers.GetAsync(current.Id, new OfferId(offerId), cancellationToken);
            if (stored is null)
            {
                return ApiProblems.NotFound("The offer");
            }

            if (ifMatch.IsPresent && !ifMatch.Matches(stored.ETag))
            {
                return ApiProblems.PreconditionFailed();
            }

            var result = change(stored.Value, time.GetUtcNow());
            if (result.IsRefused)
            {
                return ApiProblems.Conflict("The offer's status does not allow this.", result.Reason);
            }

            if (result.Outcome == OfferChangeOutcome.Unchanged)
            {
                return WithETag(response, stored);
            }

            var write = await offers.ReplaceAsync(stored, result.Offer, cancellationToken);
            if (write.Status == OfferWriteStatus.Saved)
            {
                return WithETag(response, write.Offer!);
            }

            if (write.Status == OfferWriteStatus.NotFound)
            {
                return ApiProblems.NotFound("The offer");
            }

            if (ifMatch.IsPresent)
            {
                return ApiProblems.PreconditionFailed();
            }
        }

        return ApiProblems.Conflict("The offer kept changing; try again.");
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
