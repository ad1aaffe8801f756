using PromoServerless.Domain.Access;
using PromoServerless.Domain.Common;
using PromoServerless.Domain.Members;
using PromoServerless.Functions.Access;
using PromoServerless.Functions.Api;
using PromoServerless.Functions.Automation;
using PromoServerless.Functions.Hosting;
using PromoServerless.Infra.Tables;

namespace PromoServerless.Functions.Projects;

public static class ProjectsApi
{
    public const int MaxMembershipItems = 1_000;

    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapKeyedApiGroup("/projects", "Projects");

        group.MapPost("/", CreateProject).WithName("CreateProject").RequireScope(ApiScopes.MembersWrite)
            .WithSummary("Create a project: a group of members working on a collaboration.");
        group.MapGet("/", ListProjects).WithName("ListProjects").RequireScope(ApiScopes.MembersRead)
            .WithSummary("List the brand's projects, oldest first.");
        group.MapGet("/{projectId}", GetProject).WithName("GetProject").RequireScope(ApiScopes.MembersRead)
            .WithSummary("Read a project.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{projectId}/members", ChangeMembers).WithName("ChangeProjectMembers").RequireScope(ApiScopes.MembersWrite)
            .WithSummary("Add members to a project or move their workflow stage.")
            .WithDescription(
                $"Body: up to {MaxMembershipItems:N0} items {{memberId, stage}} (stage defaults to invited). Each item is reported: added, moved, unchanged, " +
                "refused (stages move forward only; declined only before contracted; completed and declined are final), unknownMember or invalid. The other items are applied. " +
                "A member who reaches the stage of an active offer's stage trigger on this project gets a code in that offer, once, from a generation shared by everyone reaching it within a few seconds.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{projectId}/members", ListProjectMembers).WithName("ListProjectMembers").RequireScope(ApiScopes.MembersRead)
            .WithSummary("List a project's members with their stage.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Created<ProjectResponse>, ValidationProblem>> CreateProject(
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

    public static async Task<Ok<PagedResponse<ProjectResponse>>> ListProjects(
        CurrentBrand current, ProjectStore projects, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await projects.ListAsync(current.Id, Paging.Size(pageSize), continuationToken, cancellationToken);
        return TypedResults.Ok(new PagedResponse<ProjectResponse>(page.Items.Select(s => ProjectResponse.From(s.Value)).ToArray(), page.ContinuationToken));
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetProject(string projectId, CurrentBrand current, ProjectStore projects, CancellationToken cancellationToken)
    {
        var project = await FindAsync(projectId, current, projects, cancellationToken);
        return project is null ? ApiProblems.NotFound("The project") : TypedResults.Ok(ProjectResponse.From(project));
    }

    public static async Task<Results<Ok<MembershipChangesResponse>, ValidationProblem, ProblemHttpResult>> ChangeMembers(
        string projectId,
        IReadOnlyList<MembershipDraft?> items,
        CurrentBrand current,
        ProjectStore projects,
        ProjectMembershipChanges changes,
        StageTriggerDispatcher triggers,
        Orchestrations orchestrations,
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
        await triggers.DispatchAsync(current.Id, project.Id, entered, orchestrations, cancellationToken);
        return TypedResults.Ok(applied);
    }

    public static async Task<Results<Ok<PagedResponse<ProjectMemberResponse>>, ProblemHttpResult>> ListProjectMembers(
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
