using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Projects;

[ApiArea("Projects")]
public static class ProjectsApi
{
    public const int MaxMembershipItems = 1_000;
    private const string MaxMembershipItemsText = "1,000";


    [Function(nameof(CreateProject)), RequireScope(ApiScopes.MembersWrite)]
    [EndpointSummary("Create a project: a group of members working on a collaboration.")]
    public static async Task<Results<Created<ProjectResponse>, ValidationProblem>> CreateProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects")] HttpRequest request,
        ProjectDraft draft, CurrentBrand current, ProjectStore projects, TimeProvider time, CancellationToken cancellationToken)
    {
        var validated = ProjectValidator.Validate(draft);
        if (!validated.IsValid)
        {
            return ApiProblems.Validation(validated.Errors);
        }

        var now = time.GetUtcNow();
        var project = new Project(ProjectId.New(), current.Id, validated.Value, now, now);
        await projects.CreateAsync(project, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", ProjectResponse.From(project));
    }

    [Function(nameof(ListProjects)), RequireScope(ApiScopes.MembersRead)]
    [EndpointSummary("List the brand's projects, oldest first.")]
    public static async Task<Ok<PagedResponse<ProjectResponse>>> ListProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects")] HttpRequest request,
        CurrentBrand current, ProjectStore projects, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await projects.ListAsync(current.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<ProjectResponse>(page.Items.Select(s => ProjectResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    [Function(nameof(GetProject)), RequireScope(ApiScopes.MembersRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Read a project.")]
    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{projectId}")] HttpRequest request, string projectId, CurrentBrand current, ProjectStore projects, CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectId, current, projects, cancellationToken);
        return project is null ? ApiProblems.NotFound("The project") : TypedResults.Ok(ProjectResponse.From(project));
    }

    [Function(nameof(ChangeProjectMembers)), RequireScope(ApiScopes.MembersWrite), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("Add members to a project or move their workflow stage.")]
    [EndpointDescription(
        "Body: up to " + MaxMembershipItemsText + " items {memberId, stage} (stage defaults to invited). Each item is reported: added, moved, unchanged, " +
        "refused (stages move forward only; declined only before contracted; completed and declined are final), unknownMember or invalid. The other items are applied. " +
        "A member who reaches the stage of an active offer's stage trigger on this project gets a code in that offer, once, from a generation shared by everyone reaching it within a few seconds.")]
    public static async Task<Results<Ok<MembershipChangesResponse>, ValidationProblem, ProblemHttpResult>> ChangeProjectMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects/{projectId}/members")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string projectId,
        IReadOnlyList<MembershipDraft?> items,
        CurrentBrand current,
        ProjectStore projects,
        ProjectMembershipChanges changes,
        StageTriggerDispatcher triggers,
        CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectId, current, projects, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("The project");
        }

        if (items.Count is 0 or > MaxMembershipItems)
        {
            return ApiProblems.Validation("", $"Send 1 to {MaxMembershipItems:N0} items.");
        }

        var applied = await changes.ApplyAsync(current.Id, project.Id, items, cancellationToken);

        // Members at a stage after the request, moved or not: a retry still reaches the triggers a crash cut short.
        var entered = applied.Items
            .Where(i => i.Outcome is MembershipOutcome.Added or MembershipOutcome.Moved or MembershipOutcome.Unchanged && i.Stage is not null)
            .Select(i => new EnteredStage(new MemberId(i.MemberId!), i.Stage!.Value))
            .ToArray();
        await triggers.DispatchAsync(current.Id, project.Id, entered, durable, cancellationToken);
        return TypedResults.Ok(applied);
    }

    [Function(nameof(ListProjectMembers)), RequireScope(ApiScopes.MembersRead), ProducesProblem(StatusCodes.Status404NotFound)]
    [EndpointSummary("List a project's members with their stage.")]
    public static async Task<Results<Ok<PagedResponse<ProjectMemberResponse>>, ProblemHttpResult>> ListProjectMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{projectId}/members")] HttpRequest request,
        string projectId, CurrentBrand current, ProjectStore projects, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectId, current, projects, cancellationToken);
        if (project is null)
        {
            return ApiProblems.NotFound("The project");
        }

        var page = await projects.GetMembersPageAsync(current.Id, project.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<ProjectMemberResponse>(page.Items.Select(s => ProjectMemberResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    private static async Task<Project?> FindAsync(string projectId, CurrentBrand current, ProjectStore projects, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(projectId) ? await projects.GetAsync(current.Id, new ProjectId(projectId), cancellationToken) : null;
}
