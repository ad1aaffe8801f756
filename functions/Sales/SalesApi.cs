using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Codes;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Sales;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Sales;

/// <summary>The read side of sales tracking (dashboard, conversion lists, CSV), manual review, and payouts.</summary>
[ApiArea("Sales")]
public static class SalesApi
{
    public const string MarkPaidOperation = "MarkPayoutPaid";
    private const int MaxReviewText = 500;

    [Function(nameof(GetOfferDashboard)), RequireScope(ApiScopes.SalesRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("An offer's sales at a glance: orders, units, sales, average order value, commissions pending/approved/paid, refunds, top members.")]
    [EndpointDescription("Computed from figures kept as each order event is applied, so it answers in constant time however many conversions the offer has.")]
    public static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> GetOfferDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/dashboard")] HttpRequest request,
        string offerId, CurrentBrand brand, OfferStore offers, PromoCodeStore codes, ConversionStore conversions, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId))
        {
            return ApiProblems.NotFound("The offer");
        }

        // The reads are independent: the figures and codes of an offer of another brand are never there (every key starts with the brand).
        var id = new OfferId(offerId);
        var offer = offers.GetAsync(brand.Id, id, cancellationToken);
        var figures = conversions.GetFiguresAsync(brand.Id, id, cancellationToken);
        var offerCodes = codes.GetAllForOfferAsync(brand.Id, id, cancellationToken);
        await Task.WhenAll(offer, figures, offerCodes);
        if (await offer is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var (totals, members) = await figures;
        var held = (await offerCodes).Values;
        var dashboard = OfferDashboard.From(id, held.Count(c => c.Status != PromoCodeStatus.Failed), held.Count(c => c.Status == PromoCodeStatus.Active), totals, members);
        return TypedResults.Ok(DashboardResponse.From(dashboard));
    }

    [Function(nameof(ListOfferConversions)), RequireScope(ApiScopes.SalesRead), ProducesValidationProblem, ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType(typeof(ConversionResponse), StatusCodes.Status200OK, "text/csv")]
    [EndpointSummary("An offer's conversions, paged; with Accept: text/csv every matching row is streamed as CSV.")]
    public static async Task<Results<Ok<PagedResponse<ConversionResponse>>, PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ListOfferConversions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/offers/{offerId}/conversions")] HttpRequest request,
        HttpContext http,
        string offerId,
        [AsParameters] ConversionQuery query,
        CurrentBrand brand,
        OfferStore offers,
        ConversionStore conversions,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(offerId) || await offers.GetAsync(brand.Id, new OfferId(offerId), cancellationToken) is null)
        {
            return ApiProblems.NotFound("The offer");
        }

        var id = new OfferId(offerId);
        return await ConversionsAsync(
            http,
            query,
            $"offer-{offerId}-conversions.csv",
            filter => conversions.StreamByOfferAsync(brand.Id, id, filter, CancellationToken.None),
            (filter, size, token) => conversions.ListByOfferAsync(brand.Id, id, filter, size, token, cancellationToken));
    }

    [Function(nameof(ListMemberConversions)), RequireScope(ApiScopes.SalesRead), ProducesValidationProblem, ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType(typeof(ConversionResponse), StatusCodes.Status200OK, "text/csv")]
    [EndpointSummary("A member's conversions in every offer, paged; with Accept: text/csv every matching row is streamed as CSV.")]
    public static async Task<Results<Ok<PagedResponse<ConversionResponse>>, PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ListMemberConversions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{memberId}/conversions")] HttpRequest request,
        HttpContext http,
        string memberId,
        [AsParameters] ConversionQuery query,
        CurrentBrand brand,
        MemberStore members,
        ConversionStore conversions,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(memberId) || await members.GetAsync(brand.Id, new MemberId(memberId), cancellationToken) is null)
        {
            return ApiProblems.NotFound("The member");
        }

        var id = new MemberId(memberId);
        return await ConversionsAsync(
            http,
            query,
            $"member-{memberId}-conversions.csv",
            filter => conversions.StreamByMemberAsync(brand.Id, id, filter, CancellationToken.None),
            (filter, size, token) => conversions.ListByMemberAsync(brand.Id, id, filter, size, token, cancellationToken));
    }

    /// <summary>One list of conversions (an offer's or a member's): a page as JSON, or every row streamed as CSV.</summary>
    private static async Task<Results<Ok<PagedResponse<ConversionResponse>>, PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ConversionsAsync(
        HttpContext http,
        ConversionQuery query,
        string csvFileName,
        Func<ConversionFilter, IAsyncEnumerable<Conversion>> stream,
        Func<ConversionFilter, int, string?, Task<DocumentPage<SalesRow>>> page)
    {
        if (ReadFilter(query.Status, query.From, query.To) is not { } filter)
        {
            return StatusProblem();
        }

        if (WantsCsv(http.Request))
        {
            return Csv(stream(filter), csvFileName);
        }

        return TypedResults.Ok(Page(await page(filter, Paging.Size(query.PageSize), query.ContinuationToken)));
    }

    /// <summary>The filters and paging of a conversion list.</summary>
    public sealed record ConversionQuery
    {
        [FromQuery(Name = "status")]
        public string? Status { get; init; }

        [FromQuery(Name = "from")]
        public DateTimeOffset? From { get; init; }

        [FromQuery(Name = "to")]
        public DateTimeOffset? To { get; init; }

        [FromQuery(Name = "pageSize")]
        public int? PageSize { get; init; }

        [FromQuery(Name = "continuationToken")]
        public string? ContinuationToken { get; init; }
    }

    [Function(nameof(ApproveConversion)), RequireScope(ApiScopes.SalesWrite), ProducesValidationProblem, ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Approve a conversion by hand (before its holding period ends, or overriding a rejection); who, when and why are kept on it.")]
    public static Task<Results<Ok<ConversionResponse>, ValidationProblem, ProblemHttpResult>> ApproveConversion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversions/{conversionId}/approve")] HttpRequest httpRequest,
        string conversionId, ConversionReviewRequest request, CurrentBrand brand, ConversionReviews reviews, CancellationToken cancellationToken) =>
        ReviewAsync(conversionId, request, requireReason: false, (c, by, at) => c.ApproveByHand(by, request.Reason?.Trim(), at), brand, reviews, cancellationToken);

    [Function(nameof(RejectConversion)), RequireScope(ApiScopes.SalesWrite), ProducesValidationProblem, ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    [EndpointSummary("Reject a conversion not yet paid; who, when and why are kept on it.")]
    public static Task<Results<Ok<ConversionResponse>, ValidationProblem, ProblemHttpResult>> RejectConversion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversions/{conversionId}/reject")] HttpRequest httpRequest,
        string conversionId, ConversionReviewRequest request, CurrentBrand brand, ConversionReviews reviews, CancellationToken cancellationToken) =>
        ReviewAsync(conversionId, request, requireReason: true, (c, by, at) => c.RejectByHand(by, request.Reason!.Trim(), at), brand, reviews, cancellationToken);

    [Function(nameof(ListPayouts)), RequireScope(ApiScopes.SalesRead), ProducesValidationProblem]
    [EndpointSummary("What each member is due: approved, unpaid commissions plus adjustments from refunds after earlier payouts, never below zero.")]
    public static async Task<Results<Ok<PagedResponse<PayoutResponse>>, ValidationProblem>> ListPayouts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/payouts")] HttpRequest request,
        string? status, CurrentBrand brand, PayoutDesk desk, CancellationToken cancellationToken)
    {
        if (status is not null && !string.Equals(status, "due", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Validation("status", "The only payout status to list is 'due'.");
        }

        var due = await desk.DueAsync(brand.Id, null, cancellationToken);
        return TypedResults.Ok(new PagedResponse<PayoutResponse>(due.Select(PayoutResponse.From).ToArray(), null));
    }

    [Function(MarkPaidOperation), RequireScope(ApiScopes.SalesWrite), ProducesValidationProblem]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status422UnprocessableEntity)]
    [EndpointSummary("Record that the member's due payout was paid: its approved conversions become paid and its adjustments settled.")]
    [EndpointDescription("Requires an " + IdempotencyKeyHeader.Name + " header; a retry with the same key answers with the same payout.")]
    public static async Task<Results<Ok<PaidPayoutResponse>, ValidationProblem, ProblemHttpResult>> MarkPayoutPaid(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/payouts/{memberId}/mark-paid")] HttpRequest httpRequest,
        HttpContext http, string memberId, MarkPaidRequest? request, CurrentBrand brand, MemberStore members, PayoutDesk desk, CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.TryRead(http.Request, brand.Id, MarkPaidOperation, memberId, new MarkPaidRequest(request?.Reference), out var key, out var keyError))
        {
            return ApiProblems.Validation([keyError]);
        }

        if (request?.Reference is { Length: > MaxReviewText })
        {
            return ApiProblems.Validation("reference", $"The reference must be at most {MaxReviewText} characters.");
        }

        if (!Ids.IsWellFormed(memberId) || await members.GetAsync(brand.Id, new MemberId(memberId), cancellationToken) is null)
        {
            return ApiProblems.NotFound("The member");
        }

        var result = await desk.MarkPaidAsync(key, new MemberId(memberId), request?.Reference, cancellationToken);
        return result.Outcome switch
        {
            PayoutOutcome.Paid or PayoutOutcome.Replayed => TypedResults.Ok(result.Payout!),
            PayoutOutcome.KeyReused => IdempotencyKeys.Reused("payout"),
            _ => ApiProblems.Unprocessable("Nothing is due to the member.", "The member has no approved, unpaid commission (or adjustments take it to zero)."),
        };
    }

    private static async Task<Results<Ok<ConversionResponse>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        string conversionId,
        ConversionReviewRequest request,
        bool requireReason,
        Func<Conversion, string, DateTimeOffset, (ReviewOutcome, Conversion)> review,
        CurrentBrand brand,
        ConversionReviews reviews,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.ReviewedBy) || request.ReviewedBy.Length > 200)
        {
            errors.Add(new FieldError("reviewedBy", "Say who decided (1-200 characters): it is kept on the conversion."));
        }

        if (requireReason ? string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReviewText : request.Reason is { Length: > MaxReviewText })
        {
            errors.Add(new FieldError("reason", $"Give the reason (1-{MaxReviewText} characters)."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var (outcome, conversion) = await reviews.ReviewAsync(brand.Id, conversionId, (c, at) => review(c, request.ReviewedBy!.Trim(), at), cancellationToken);
        return (outcome, conversion) switch
        {
            (_, null) => ApiProblems.NotFound("The conversion"),
            (ReviewOutcome.Refused, { } c) => ApiProblems.Conflict($"A {c.Status.ToString().ToLowerInvariant()} conversion cannot be changed that way.", c.Rejection is { } r ? $"It was rejected: {r}." : null),
            (_, { } c) => TypedResults.Ok(ConversionResponse.From(c)),
        };
    }

    private static ConversionFilter? ReadFilter(string? status, DateTimeOffset? from, DateTimeOffset? to)
    {
        ConversionStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ConversionStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
            {
                return null;
            }

            parsed = s;
        }

        return new ConversionFilter(parsed, from, to);
    }

    private static ValidationProblem StatusProblem() =>
        ApiProblems.Validation("status", "The status must be one of " + string.Join(", ", Enum.GetNames<ConversionStatus>().Select(n => n.ToLowerInvariant())) + ".");

    private static PagedResponse<ConversionResponse> Page(DocumentPage<SalesRow> page) =>
        new(page.Items.Select(r => r.Value.Conversion).OfType<Conversion>().Select(ConversionResponse.From).ToArray(), page.ContinuationToken);

    private static bool WantsCsv(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) && accepted.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes rows as they are read, a table page at a time; CsvHelper flushes its buffer as it fills, so nothing holds the whole list.</summary>
    private static PushStreamHttpResult Csv(IAsyncEnumerable<Conversion> rows, string fileName) =>
        TypedResults.Stream(
            async body =>
            {
                await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
                csv.WriteHeader(ConversionCsv.Header);
                await foreach (var conversion in rows)
                {
                    await csv.WriteRecordAsync(ConversionCsv.Fields(conversion));
                }

                await csv.FlushAsync();
            },
            "text/csv; charset=utf-8",
            fileName);
}

/// <summary>One CSV line per conversion.</summary>
public static class ConversionCsv
{
    public static string[] Header { get; } =
        ["OrderId", "OfferId", "MemberId", "Code", "Status", "Rejection", "PayoutOption", "Currency", "Sale", "Refunded", "Commission", "Paid", "Due", "Units", "PlacedAt", "PayableAt"];

    public static string?[] Fields(Conversion c) =>
    [
        c.OrderId, c.OfferId.Value, c.MemberId.Value, c.Code, c.Status.ToString().ToLowerInvariant(), c.Rejection?.ToString(), c.Payout.Label, c.SaleBase.Currency,
        Number(c.SaleBase.Amount), Number(c.RefundedBase.Amount), Number(c.Commission.Amount), Number(c.PaidCommission.Amount), Number(c.Due.Amount),
        c.Units.ToString(CultureInfo.InvariantCulture), c.PlacedAt.ToString("O", CultureInfo.InvariantCulture), c.PayableAt.ToString("O", CultureInfo.InvariantCulture),
    ];

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
