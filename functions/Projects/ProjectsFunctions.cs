using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PromoServerless.Functions.Api;

namespace PromoServerless.Functions.Projects;

/// <summary>The projects HTTP functions; each runs the API operation of its name.</summary>
public static class ProjectsFunctions
{
    [Function(nameof(CreateProject))]
    public static IActionResult CreateProject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects")] HttpRequest request) =>
        new ApiOperation(nameof(CreateProject));

    [Function(nameof(ListProjects))]
    public static IActionResult ListProjects([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects")] HttpRequest request) =>
        new ApiOperation(nameof(ListProjects));

    [Function(nameof(GetProject))]
    public static IActionResult GetProject([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{projectId}")] HttpRequest request) =>
        new ApiOperation(nameof(GetProject));

    [Function(nameof(ChangeProjectMembers))]
    public static IActionResult ChangeProjectMembers([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects/{projectId}/members")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        new ApiOperation(nameof(ChangeProjectMembers), client);

    [Function(nameof(ListProjectMembers))]
    public static IActionResult ListProjectMembers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{projectId}/members")] HttpRequest request) =>
        new ApiOperation(nameof(ListProjectMembers));
}
