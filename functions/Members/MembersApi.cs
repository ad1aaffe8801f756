using System.Text.Json;
using Consumes = Microsoft.AspNetCore.Mvc.ConsumesAttribute;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Infra.Csv;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Members;

[ApiArea("Members")]
public static class MembersApi
{
    public const int MaxImportRows = 10_000;
    private const string MaxImportRowsText = "10,000";


    [Function(nameof(ImportMembers)), RequireScope(ApiScopes.MembersWrite)]
    [Consumes(typeof(IReadOnlyList<MemberDraft>), "application/json", "text/csv")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status413PayloadTooLarge), ProducesProblem(StatusCodes.Status415UnsupportedMediaType)]
    [EndpointSummary("Import members from a JSON array or a CSV file, optionally adding them to a project.")]
    [EndpointDescription(
        "Send a JSON array of members (application/json) or a CSV with a header row (text/csv; columns name, first_name, last_name, email, handle, external_id, " +
        "matched ignoring case, spaces, '_' and '-'). Members are recognised by externalId, else by email, so importing the same rows again creates nothing. " +
        "Each row is reported as created, updated, unchanged or invalid with its field errors; the valid rows are imported. At most " + MaxImportRowsText + " rows.")]
    public static async Task<Results<Ok<MemberImportResponse>, ValidationProblem, ProblemHttpResult>> ImportMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/members/import")] HttpRequest request,
        string? projectId,
        CurrentBrand current,
        ProjectStore projects,
        MemberImporter importer,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        Project? project = null;
        if (projectId is not null)
        {
            project = Ids.IsWellFormed(projectId) ? await projects.GetAsync(current.Id, new ProjectId(projectId), cancellationToken) : null;
            if (project is null)
            {
                return ApiProblems.NotFound("The project");
            }
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        Validated<MemberCsv> rows;
        if (IsJson(mediaType))
        {
            rows = await ReadJsonAsync(request, json.Value.SerializerOptions, cancellationToken);
        }
        else if (IsCsv(mediaType))
        {
            rows = await MemberCsvReader.ReadAsync(request.Body, MaxImportRows, cancellationToken);
        }
        else
        {
            return TypedResults.Problem(
                title: "Send members as application/json or text/csv.",
                detail: $"The Content-Type {request.ContentType ?? "(none)"} is not supported here.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (!rows.IsValid)
        {
            return ApiProblems.Validation(rows.Errors);
        }

        if (rows.Value.Rows.Count == 0)
        {
            return ApiProblems.Validation("", "Send at least one member.");
        }

        return TypedResults.Ok(await importer.ImportAsync(current.Id, rows.Value.Rows, project, rows.Value.IgnoredColumns, cancellationToken));
    }

    [Function(nameof(ListMembers)), RequireScope(ApiScopes.MembersRead)]
    [EndpointSummary("List the brand's members, oldest first.")]
    public static async Task<Ok<PagedResponse<MemberResponse>>> ListMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members")] HttpRequest request,
        CurrentBrand current, MemberStore members, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await members.ListAsync(current.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<MemberResponse>(page.Items.Select(s => MemberResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    [Function(nameof(GetMember)), RequireScope(ApiScopes.MembersRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Read a member.")]
    public static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> GetMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{memberId}")] HttpRequest request, string memberId, CurrentBrand current, MemberStore members, CancellationToken cancellationToken)
    {
        var member = Ids.IsWellFormed(memberId) ? await members.GetAsync(current.Id, new MemberId(memberId), cancellationToken) : null;
        return member is null ? ApiProblems.NotFound("The member") : TypedResults.Ok(MemberResponse.From(member));
    }

    private static async Task<Validated<MemberCsv>> ReadJsonAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        List<MemberDraft?>? drafts;
        try
        {
            drafts = await JsonSerializer.DeserializeAsync<List<MemberDraft?>>(request.Body, options, cancellationToken);
        }
        catch (JsonException ex)
        {
            // Reported like any other body that does not bind: 400 naming the field (see BadRequestProblems).
            throw new BadHttpRequestException("The request body is not valid JSON for this operation.", StatusCodes.Status400BadRequest, ex);
        }

        if (drafts is null)
        {
            return Validated<MemberCsv>.Fail("", "Send a JSON array of members.");
        }

        if (drafts.Count > MaxImportRows)
        {
            return Validated<MemberCsv>.Fail("", $"At most {MaxImportRows:N0} members per import; split the list.");
        }

        return Validated<MemberCsv>.Ok(new MemberCsv(drafts.Select((d, i) => new MemberImportRow(i, d)).ToArray(), []));
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsCsv(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase));
}
